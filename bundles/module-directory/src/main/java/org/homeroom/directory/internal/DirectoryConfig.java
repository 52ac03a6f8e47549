package org.homeroom.directory.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** District policy for OneRoster imports (etc/org.homeroom.directory.cfg). */
@ObjectClassDefinition(name = "Homeroom directory", description = "When a OneRoster import waits for a person's confirmation")
public @interface DirectoryConfig {

    String PID = "org.homeroom.directory";

    @AttributeDefinition(description = "An import that would deactivate more than this percentage of the active people (or every active"
            + " person of one school) is held until a person confirms it")
    double holdDeactivatingPercent() default 5.0;
}
