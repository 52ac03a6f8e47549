package org.homeroom.platform.mail.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** {@code etc/org.homeroom.mail.cfg}. */
@ObjectClassDefinition(name = "Homeroom mail", description = "How the outbox delivers mail")
public @interface MailConfig {

    String PID = "org.homeroom.mail";

    @AttributeDefinition(description = "smtp sends; log only writes a summary to the log and marks the message 'logged' (demo, no server needed)",
            options = {@Option(value = "log"), @Option(value = "smtp")})
    String transport() default "log";

    @AttributeDefinition(description = "SMTP server")
    String host() default "localhost";

    @AttributeDefinition(description = "SMTP port: 25 (relay), 587 (submission with starttls), 465 (ssl)")
    int port() default 25;

    @AttributeDefinition(description = "none: plain text; starttls: upgrade with STARTTLS and refuse to send if the server cannot; ssl: TLS from the start",
            options = {@Option(value = "none"), @Option(value = "starttls"), @Option(value = "ssl")})
    String security() default "starttls";

    @AttributeDefinition(required = false, description = "SMTP user; empty for a relay that needs no login")
    String username() default "";

    @AttributeDefinition(required = false, type = AttributeType.PASSWORD, description = "SMTP password")
    String password() default "";

    @AttributeDefinition(description = "The sender address of every message")
    String fromAddress() default "communications@district.example";

    @AttributeDefinition(description = "The sender's display name")
    String fromName() default "Communications Office";

    @AttributeDefinition(description = "Milliseconds to wait for the SMTP connection")
    int connectTimeoutMillis() default 10000;

    @AttributeDefinition(description = "Milliseconds to wait for each SMTP read or write")
    int timeoutMillis() default 20000;

    @AttributeDefinition(description = "Attempts before a message is marked failed")
    int maxAttempts() default 8;

    @AttributeDefinition(description = "Seconds before the first retry; each further retry waits twice as long, at most an hour")
    int retrySeconds() default 30;

    @AttributeDefinition(description = "Seconds between looks for due messages (a queued message also wakes the worker)")
    int pollSeconds() default 2;
}
