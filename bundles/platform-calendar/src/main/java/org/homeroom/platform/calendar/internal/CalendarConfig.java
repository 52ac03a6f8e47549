package org.homeroom.platform.calendar.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Homeroom district calendar", description = "Time zone, weekend, business hours and public holidays")
public @interface CalendarConfig {

    String PID = "org.homeroom.calendar";

    @AttributeDefinition(description = "The district's time zone: business dates are local dates here")
    String zone() default "America/Chicago";

    @AttributeDefinition(description = "Days that are never business days, separated by commas")
    String weekend() default "SATURDAY,SUNDAY";

    @AttributeDefinition(description = "When offices open on a business day (HH:MM, district time)")
    String opens() default "08:00";

    @AttributeDefinition(description = "When offices close on a business day (HH:MM, district time)")
    String closes() default "16:30";

    @AttributeDefinition(description = "Observe the US public (federal) holidays, moved to the weekday when they fall on a weekend")
    boolean usPublicHolidays() default true;
}
