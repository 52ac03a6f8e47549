package org.homeroom.openrecords.api;

import java.util.List;

import org.homeroom.platform.api.CurrentUser;
import org.osgi.annotation.versioning.ProviderType;

/** Letters to requesters from English and Spanish templates, as text and PDF, emailed through the platform outbox. */
@ProviderType
public interface OpenRecordsLetters {

    /** The letter as it would be sent, without storing or sending anything ({@code id} 0). */
    Letter preview(String trackingNumber, LetterDraft draft, CurrentUser actor);

    /** Renders, stores and (unless asked not to) emails the letter, all or nothing; recorded on the request. */
    Letter send(String trackingNumber, LetterDraft draft, CurrentUser actor);

    List<Letter> list(String trackingNumber, CurrentUser viewer);

    /** The stored PDF of a letter. */
    byte[] pdf(String trackingNumber, long letterId, CurrentUser viewer);

    /** A letter rendered as PDF without storing it. */
    byte[] previewPdf(String trackingNumber, LetterDraft draft, CurrentUser actor);
}
