package org.homeroom.platform.api.documents;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Prints letters as a US-Letter PDF with an embedded font (accents print anywhere), a document title
 * and language, and each letter marked with its own language, for screen readers. A character the font has
 * no glyph for prints as "?" rather than failing the letter.
 */
@ProviderType
public interface LetterPrinter {

    /** The most letters one document may hold (a print run for one school): larger runs are split by the caller. */
    int MAX_LETTERS = 5000;

    /** One letter, as bytes; {@code title} is the document's title (e.g. the letter's subject). */
    default byte[] print(String title, PrintedLetter letter) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        print(title, List.of(letter), out);
        return out.toByteArray();
    }

    /**
     * A print run, written to {@code out} (which stays open): every letter starts on a new page, in the order
     * given. The document's language is the first letter's. Large runs are assembled on disk, not in memory.
     * More than {@link #MAX_LETTERS} letters, or none, is an {@link IllegalArgumentException}.
     */
    void print(String title, List<PrintedLetter> letters, OutputStream out);
}
