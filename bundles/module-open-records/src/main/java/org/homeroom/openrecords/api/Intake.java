package org.homeroom.openrecords.api;

/**
 * A new request as the public portal or a staff member enters it. {@code channel}: portal (the
 * default, and the only one the public may use), phone, email, mail, in-person. {@code language}: en
 * or es, for every letter the requester gets. {@code preferredFormat}: electronic, paper, inspection.
 * {@code confirmedNotTranscriptOrJob} lets a requester file a request that looked like a transcript
 * or job question after reading the redirect; {@code confirmedNotDuplicate} files it after the portal
 * showed records already released that looked similar.
 */
public record Intake(String name, String email, String phone, String organisation, String requesterType, String language,
        String description, String preferredFormat, Boolean commercialPurpose, String channel,
        Boolean confirmedNotTranscriptOrJob, Boolean confirmedNotDuplicate) {
}
