package org.homeroom.platform.api.documents;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Prints letters as a US-Letter PDF with an embedded font (accents print anywhere), a document title
 * and language for screen readers. A character the font has no glyph for prints as "?" rather than
 * failing the letter.
 */
@ProviderType
public interface LetterPrinter {

    /** The most letters one document may hold (a print run for one school): larger runs are split by the caller. */
    int MAX_LETTERS = 5000;

    /** One letter; {@code title} is the document's title (e.g. the letter's subject). */
    default byte[] print(String title, PrintedLetter letter) {
        return print(title, List.of(letter));
    }

    /**
     * A print run: every letter starts on a new page, in the order given. The document's language is the
     * first letter's. More than {@link #MAX_LETTERS} letters, or none, is an {@link IllegalArgumentException}.
     */
    byte[] print(String title, List<PrintedLetter> letters);
}
