package org.homeroom.messaging.internal;

import java.util.Locale;
import java.util.Set;

/**
 * What an inbound text asks for. The opt-out words are those the FCC says always revoke consent
 * (24-18): STOP, QUIT, END, REVOKE, OPT OUT, CANCEL, UNSUBSCRIBE, plus the Spanish words families use;
 * START (and UNSTOP, YES) restores it. Only a message that is the word (any case, surrounding spaces
 * and punctuation ignored) counts, so "please don't stop the bus alerts" is not an opt-out.
 */
enum Keywords {
    STOP, START, HELP, NONE;

    private static final Set<String> STOP_WORDS = Set.of("STOP", "STOPALL", "QUIT", "END", "REVOKE", "OPT OUT", "OPTOUT", "CANCEL",
            "UNSUBSCRIBE", "ALTO", "PARAR", "BAJA", "CANCELAR");
    private static final Set<String> START_WORDS = Set.of("START", "UNSTOP", "YES", "SI", "SÍ");
    private static final Set<String> HELP_WORDS = Set.of("HELP", "INFO", "AYUDA");

    static Keywords of(String body) {
        if (body == null) {
            return NONE;
        }
        String word = body.strip().replaceAll("^[\\p{Punct}\\s]+|[\\p{Punct}\\s]+$", "").replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
        if (STOP_WORDS.contains(word)) {
            return STOP;
        }
        if (START_WORDS.contains(word)) {
            return START;
        }
        return HELP_WORDS.contains(word) ? HELP : NONE;
    }
}
