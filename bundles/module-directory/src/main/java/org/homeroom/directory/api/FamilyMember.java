package org.homeroom.directory.api;

/**
 * One student of an audience's families and one of their active guardians ({@code guardianId},
 * {@code guardianName}, {@code guardianGivenName} and {@code language} null when the student has none): what
 * a reach report needs to tell which families a message reached, and a printed letter needs to address them
 * in their language with the same merge fields as their email. Names are "given family".
 */
public record FamilyMember(String studentId, String studentName, String siteCode, String grade, String guardianId, String guardianName,
        String language, String studentGivenName, String guardianGivenName) {
}
