package org.homeroom.platform.admin.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Homeroom module management")
public @interface AdminConfig {

    String PID = "org.homeroom.admin";

    @AttributeDefinition(description = "Seconds between reconciliations of the desired module set (other nodes' changes arrive this fast); 0 = only at start")
    int reconcileSeconds() default 30;

    @AttributeDefinition(description = "Seconds an operation waits for a module to come up or go away")
    int operationTimeoutSeconds() default 30;
}
