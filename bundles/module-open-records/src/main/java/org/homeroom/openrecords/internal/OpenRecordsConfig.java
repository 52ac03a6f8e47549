package org.homeroom.openrecords.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * District policy for open records. Oklahoma sets no deadline ("prompt, reasonable access"), so the
 * days are policy, counted in business days; fees default to 51 O.S. §24A.5 and the district schedule.
 */
@ObjectClassDefinition(name = "Homeroom open records", description = "Deadlines, calendar, fees")
public @interface OpenRecordsConfig {

    String PID = "org.homeroom.openrecords";

    @AttributeDefinition(description = "Business days to acknowledge a request")
    int acknowledgeBusinessDays() default 3;

    @AttributeDefinition(description = "Business days to the target date of a response")
    int targetBusinessDays() default 10;

    @AttributeDefinition(description = "A request this many business days or fewer from its target date is due soon")
    int dueSoonBusinessDays() default 2;

    /** Not read any more: business dates are local dates in the district calendar's zone (org.homeroom.calendar). */
    @AttributeDefinition(description = "Unused: the district calendar (org.homeroom.calendar) has the time zone")
    String zone() default "America/Chicago";

    @AttributeDefinition(description = "Extra closures for open records only, as ISO dates separated by commas (district closures belong in /api/calendar)")
    String closures() default "";

    @AttributeDefinition(description = "Department codes that can be asked for work on a request, separated by commas")
    String departments() default "communications,legal,human-resources,finance,technology,student-services,transportation,facilities,police";

    @AttributeDefinition(description = "Fee per standard copy page (8.5x14 in or smaller)")
    String copyPerPage() default "0.25";

    @AttributeDefinition(description = "Fee per certified copy page")
    String certifiedPerPage() default "1.00";

    @AttributeDefinition(description = "Search fee per hour (commercial or excessively disruptive requests only)")
    String searchPerHour() default "25.00";

    @AttributeDefinition(description = "Programming fee per hour")
    String programmingPerHour() default "35.00";

    @AttributeDefinition(description = "The district's name, as letters sign it")
    String districtName() default "Homeroom Public Schools";

    @AttributeDefinition(description = "The office that answers open records requests, as letters name it")
    String officeName() default "Office of Communications and Community Relations";

    @AttributeDefinition(description = "The office's email address: letters give it and reminders go to it")
    String officeEmail() default "openrecords@district.example";

    @AttributeDefinition(description = "The office's phone number, as letters give it")
    String officePhone() default "(555) 010-0100";

    @AttributeDefinition(description = "Public status page; {tracking} is replaced by the tracking number (empty: no link in letters)")
    String statusUrl() default "";

    @AttributeDefinition(description = "Largest file accepted, in bytes")
    long maxFileBytes() default 26_214_400;

    @AttributeDefinition(description = "Accepted file types, separated by commas: pdf, png, jpeg, txt, csv, docx, xlsx")
    String fileTypes() default "pdf,png,jpeg,txt,csv,docx,xlsx";

    @AttributeDefinition(description = "Minutes between due-soon and overdue reminder checks (each request is reminded at most once a day per kind); 0 turns reminders off")
    int reminderMinutes() default 60;
}
