package org.homeroom.platform.records.internal;

import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How text becomes index terms, the same for records and queries: accents folded (a search for "pena" finds
 * "Peña"), lower case, split at anything that is not a letter or digit, words of one letter and the commonest
 * English and Spanish words left out, at most {@link #MAX_LENGTH} characters each.
 */
final class Words {

    static final int MAX_LENGTH = 40;
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{Nd}]+");
    private static final Set<String> STOP = Set.of(
            "the", "and", "of", "to", "in", "for", "on", "is", "at", "by", "with", "from", "or", "an", "be", "as", "this", "that", "it",
            "are", "was", "el", "la", "los", "las", "de", "del", "en", "por", "para", "con", "un", "una", "que", "se", "al", "lo", "su");

    private Words() {
    }

    /** The distinct terms of {@code text}, in order of first appearance, at most {@code max}. */
    static Set<String> terms(String text, int max) {
        Set<String> terms = new LinkedHashSet<>();
        if (text == null || text.isEmpty()) {
            return terms;
        }
        String folded = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("").toLowerCase(Locale.ROOT);
        for (String word : SEPARATORS.split(folded)) {
            if (word.length() < 2 || STOP.contains(word)) {
                continue;
            }
            terms.add(word.length() > MAX_LENGTH ? word.substring(0, MAX_LENGTH) : word);
            if (terms.size() >= max) {
                break;
            }
        }
        return terms;
    }
}
