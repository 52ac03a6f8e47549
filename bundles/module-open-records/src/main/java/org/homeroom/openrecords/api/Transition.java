package org.homeroom.openrecords.api;

/**
 * A staff step: move to {@code to}; when closing, {@code closure} and, for partial releases and
 * denials, the statute that allows withholding ({@code citation}, e.g. "51 O.S. §24A.7"). {@code note}
 * goes to the requester unless {@code internal}.
 */
public record Transition(String to, String closure, String citation, String note, Boolean internal) {
}
