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

    @AttributeDefinition(description = "Wrong passwords for one user name from one client address before that pair must wait; 0 turns this limit off")
    int signInFailuresPerUser() default 5;

    @AttributeDefinition(description = "Wrong passwords from one client address (any user names) before that address must wait; 0 turns this limit off")
    int signInFailuresPerAddress() default 30;

    @AttributeDefinition(description = "Seconds of the first wait once a limit is reached; each further failure doubles it")
    int signInLockoutSeconds() default 30;

    @AttributeDefinition(description = "Longest wait in seconds")
    int signInMaxLockoutSeconds() default 900;

    @AttributeDefinition(description = "Seconds after the last failure when a failure count is forgotten")
    int signInForgetSeconds() default 900;
}
