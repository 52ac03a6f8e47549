package org.homeroom.messaging.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Sending policy: provider, quiet hours, rates and retries, and what every bulk email must carry. */
@ObjectClassDefinition(name = "Homeroom messaging", description = "Provider, quiet hours, rate limit, retries and email footer; the provider's own settings (its token, the public webhook address) are in its own configuration")
public @interface MessagingConfig {

    String PID = "org.homeroom.messaging";

    @AttributeDefinition(description = "Text and voice provider: the id of a TextProvider service (twilio, log)")
    String provider() default "log";

    @AttributeDefinition(description = "Quiet hours begin (local time, HH:mm): no non-emergency call or text from then")
    String quietHoursStart() default "21:00";

    @AttributeDefinition(description = "Quiet hours end (local time, HH:mm): held calls and texts go out from then")
    String quietHoursEnd() default "08:00";

    @AttributeDefinition(description = "The district's time zone")
    String zone() default "America/Chicago";

    @AttributeDefinition(description = "Texts and calls handed to the provider per second at most (its rate limit)")
    int ratePerSecond() default 50;

    @AttributeDefinition(description = "Requests to the provider in flight at once; at least the rate times the provider's answer time (e.g. 50/s x 0.2 s = 10)")
    int concurrency() default 16;

    @AttributeDefinition(description = "Attempts of a text or call before it is marked failed")
    int maxAttempts() default 5;

    @AttributeDefinition(description = "Seconds a worker may hold a delivery it claimed before another takes it (crash recovery)")
    int leaseSeconds() default 120;

    @AttributeDefinition(description = "The district's name, as messages are signed")
    String districtName() default "Homeroom Public Schools";

    @AttributeDefinition(description = "Postal address printed in every bulk email (CAN-SPAM)")
    String postalAddress() default "100 Main St, Oklahoma City, OK 73102";

    @AttributeDefinition(description = "Unsubscribe link of newsletters (CAN-SPAM); {email} and {token} are filled in. The default is the API's own one-click endpoint")
    String unsubscribeUrl() default "https://district.example/api/messaging/unsubscribe?email={email}&token={token}";

    @AttributeDefinition(description = "Link to a parent letter's printable PDF, put in its email; {delivery} and {token} are filled in. The default is the API's own endpoint")
    String letterUrl() default "https://district.example/api/messaging/letters/{delivery}.pdf?token={token}";

    @AttributeDefinition(description = "Seconds between worker runs")
    int pollSeconds() default 1;
}
