package org.homeroom.messaging.api;

import java.util.Map;

/**
 * A call the provider made to one of messaging's public webhooks, as it arrived.
 *
 * @param webhook  {@code sms} (a reply from a family) or {@code status} (a delivery report)
 * @param rawQuery the query string exactly as sent (still percent-encoded), or null
 * @param form     the form fields (first value of each)
 * @param headers  the request headers (first value of each), names in lower case
 */
public record WebhookCall(String webhook, String rawQuery, Map<String, String> form, Map<String, String> headers) {

    public WebhookCall {
        form = Map.copyOf(form);
        headers = Map.copyOf(headers);
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
