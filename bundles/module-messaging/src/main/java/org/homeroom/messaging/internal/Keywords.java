package org.homeroom.messaging.internal;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an inbound text asks for. The opt-out words are those the FCC says always revoke consent
 * (24-18): STOP, QUIT, END, REVOKE, OPT OUT, CANCEL, UNSUBSCRIBE, plus the Spanish words families use
 * (ALTO, PARAR, BAJA, DAR DE BAJA, CANCELAR); START (and UNSTOP, YES, SÍ, ALTA) restores it.
 *
 * <p>Matched as people type them on a phone: any case, accents or not ("Sí", "SI"), full-width or
 * compatibility letters, Spanish opening marks and any punctuation, symbols or emoji around the word
 * ("¡Alto!", "Stop.", "\"STOP\"", "stop 🛑"), and spaces, hyphens or dots inside it ("opt-out", "Opt Out",
 * "optout"). Only a message that is the word counts, so "stop by the office tomorrow" or "please don't
 * stop the bus alerts" is not an opt-out.
 */
enum Keywords {
    STOP, START, HELP, NONE;

    /** Written without spaces: "OPT OUT", "opt-out" and "OptOut" all come to OPTOUT. */
    private static final Set<String> STOP_WORDS = Set.of("STOP", "STOPALL", "QUIT", "END", "REVOKE", "OPTOUT", "CANCEL",
            "UNSUBSCRIBE", "ALTO", "PARAR", "BAJA", "DARDEBAJA", "DARMEDEBAJA", "CANCELAR");
    private static final Set<String> START_WORDS = Set.of("START", "UNSTOP", "YES", "SI", "ALTA");
    private static final Set<String> HELP_WORDS = Set.of("HELP", "INFO", "AYUDA");

    /** Accents and other combining marks, once letters are decomposed. */
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    /** Whatever is not a letter or a digit at either end: punctuation (¡ ¿ included), symbols, emoji, spaces, invisible characters. */
    private static final Pattern AROUND = Pattern.compile("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$");
    /** Inside the word: spaces, hyphens, dots, underscores, apostrophes between its parts. */
    private static final Pattern INSIDE = Pattern.compile("[\\p{Z}\\s\\p{Pd}._'’]+");

    static Keywords of(String body) {
        String word = normalise(body);
        if (word == null) {
            return NONE;
        }
        if (STOP_WORDS.contains(word)) {
            return STOP;
        }
        if (START_WORDS.contains(word)) {
            return START;
        }
        return HELP_WORDS.contains(word) ? HELP : NONE;
    }

    /** The message as one upper-case word without accents, or null when it is more than letters joined by spaces and dashes. */
    static String normalise(String body) {
        if (body == null || body.length() > 40) {
            return null; // a keyword reply is short; a long message is never one
        }
        String letters = MARKS.matcher(Normalizer.normalize(body, Normalizer.Form.NFKD)).replaceAll("");
        String trimmed = AROUND.matcher(letters).replaceAll("");
        String joined = INSIDE.matcher(trimmed).replaceAll("");
        for (int i = 0; i < joined.length(); i++) {
            if (!Character.isLetter(joined.charAt(i))) {
                return null; // "stop2", "stop!!go": not a keyword
            }
        }
        return joined.isEmpty() ? null : joined.toUpperCase(Locale.ROOT);
    }
}
