package org.homeroom.messaging.internal;

import java.util.UUID;

import org.homeroom.messaging.api.OutboundText;
import org.homeroom.messaging.api.ProviderResult;
import org.homeroom.messaging.api.TextProvider;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo provider: sends nothing, writes one INFO line per text or call (channel, the number masked to
 * its last four digits, language, the first 80 characters on one line) and answers "logged". Always
 * there, no configuration, so a demo or a test system never texts real families.
 */
@Component(service = TextProvider.class)
public class LogProvider implements TextProvider {

    static final String ID = "log";
    static final String LOGGED = "logged";
    private static final int PREVIEW = 80;
    private static final Logger LOG = LoggerFactory.getLogger(LogProvider.class);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ProviderResult send(OutboundText text) {
        String id = "log-" + UUID.randomUUID();
        LOG.info("{} NOT sent, provider=log: {} to {} in {}, reference {}: \"{}\"", id, text.channel(), mask(text.to()), text.language(),
                text.reference(), preview(text.body()));
        return new ProviderResult(id, LOGGED);
    }

    /**
     * How a phone number appears in logs and reasons: its last four digits, e.g. {@code ***0100} for
     * +14055550100; {@code ***} when it has four digits or fewer, {@code (none)} when there is none.
     */
    static String mask(String number) {
        if (number == null || number.isBlank()) {
            return "(none)";
        }
        String digits = number.replaceAll("\\D", "");
        return digits.length() <= 4 ? "***" : "***" + digits.substring(digits.length() - 4);
    }

    /** The first 80 characters (whole code points), on one line, so a text cannot forge log lines. */
    static String preview(String body) {
        if (body == null) {
            return "";
        }
        String flat = body.replaceAll("[\\r\\n\\t\\p{Cntrl}]+", " ").strip();
        if (flat.codePointCount(0, flat.length()) <= PREVIEW) {
            return flat;
        }
        return flat.substring(0, flat.offsetByCodePoints(0, PREVIEW)) + "…";
    }
}
