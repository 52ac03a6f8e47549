package org.homeroom.platform.rest.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Homeroom REST", description = "Authentication and request limits of /api")
public @interface RestConfig {

    String PID = "org.homeroom.rest";

    @AttributeDefinition(description = "JAAS realm that checks HTTP Basic credentials (karaf, or an LDAP realm)")
    String realm() default "karaf";

    @AttributeDefinition(description = "Seconds a verified user:password stays cached; 0 disables the cache")
    int credentialCacheSeconds() default 60;

    @AttributeDefinition(description = "Largest JSON or form request body in bytes; larger bodies get 413")
    long maxBodyBytes() default 1_048_576;

    @AttributeDefinition(description = "Largest file upload (any other content type) in bytes; modules may set a lower limit")
    long maxUploadBytes() default 52_428_800;
}
