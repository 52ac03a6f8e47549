package org.homeroom.inquiries.internal;

/** The public web form: {@code {"name","email","phone","language","message","site","topic"}}; topic and site optional, email or phone required. */
public record WebInquiry(String name, String email, String phone, String language, String message, String site, String topic) {
}
