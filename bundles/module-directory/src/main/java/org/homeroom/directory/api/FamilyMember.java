package org.homeroom.directory.api;

/**
 * One student of an audience's families and one of their active guardians ({@code guardianId} null when
 * the student has none): what a reach report needs to tell which families a message reached.
 */
public record FamilyMember(String studentId, String studentName, String siteCode, String grade, String guardianId) {
}
