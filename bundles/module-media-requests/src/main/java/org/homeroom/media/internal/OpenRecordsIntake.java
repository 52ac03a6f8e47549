package org.homeroom.media.internal;

import org.homeroom.openrecords.api.Intake;
import org.homeroom.openrecords.api.OpenRecordsService;
import org.homeroom.openrecords.api.RequesterType;
import org.homeroom.platform.api.CurrentUser;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link RecordsIntake} on the open records module; SCR starts it only when an {@code OpenRecordsService} is registered. */
@Component(service = RecordsIntake.class)
public class OpenRecordsIntake implements RecordsIntake {

    private final OpenRecordsService openRecords;

    @Activate
    public OpenRecordsIntake(@Reference OpenRecordsService openRecords) {
        this.openRecords = openRecords;
    }

    @Override
    public String submitForMedia(Requester r, String description, CurrentUser staff) {
        // a reporter asking the press office: filed by staff from email, not a transcript or job question, and
        // not a duplicate of a release (staff checked the log before converting)
        Intake intake = new Intake(r.name(), r.email(), r.phone(), r.organisation(), RequesterType.MEDIA.code(), r.language(),
                description, "electronic", Boolean.FALSE, "email", Boolean.TRUE, Boolean.TRUE);
        return openRecords.submit(intake, staff).trackingNumber();
    }
}
