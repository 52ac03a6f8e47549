package org.homeroom.openrecords.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * District policy for open records. Oklahoma sets no deadline ("prompt, reasonable access"), so the
 * days are policy, counted in business days; fees default to 51 O.S. §24A.5 and the district schedule.
 */
@ObjectClassDefinition(name = "Homeroom open records", description = "Deadlines, calendar, fees and public limits")
public @interface OpenRecordsConfig {

    String PID = "org.homeroom.openrecords";

    @AttributeDefinition(description = "Business days to acknowledge a request")
    int acknowledgeBusinessDays() default 3;

    @AttributeDefinition(description = "Business days to the target date of a response")
    int targetBusinessDays() default 10;

    @AttributeDefinition(description = "A request this many business days or fewer from its target date is due soon")
    int dueSoonBusinessDays() default 2;

    @AttributeDefinition(description = "The district's time zone: business dates are local dates")
    String zone() default "America/Chicago";

    @AttributeDefinition(description = "District closures besides US public holidays, as ISO dates separated by commas")
    String closures() default "";

    @AttributeDefinition(description = "Department codes that can be asked for work on a request, separated by commas")
    String departments() default "communications,legal,human-resources,finance,technology,student-services,transportation,facilities,police";

    @AttributeDefinition(description = "Public intake and status calls allowed per client address per minute")
    int publicCallsPerMinute() default 30;

    @AttributeDefinition(description = "Fee per standard copy page (8.5x14 in or smaller)")
    String copyPerPage() default "0.25";

    @AttributeDefinition(description = "Fee per certified copy page")
    String certifiedPerPage() default "1.00";

    @AttributeDefinition(description = "Search fee per hour (commercial or excessively disruptive requests only)")
    String searchPerHour() default "25.00";

    @AttributeDefinition(description = "Programming fee per hour")
    String programmingPerHour() default "35.00";
}
