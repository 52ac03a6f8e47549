package org.homeroom.platform.api.mail;

/** A file sent with a message, e.g. a letter as PDF. */
public record MailAttachment(String fileName, String contentType, byte[] content) {
}
