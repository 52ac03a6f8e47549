package org.homeroom.platform.rest;

/** Constants for whiteboard registrations that join the platform application. */
public final class HomeroomRest {

    /** {@code osgi.jaxrs.name} of the platform application. */
    public static final String APPLICATION_NAME = "homeroom";
    /** Filter for {@code @JaxrsApplicationSelect}. */
    public static final String APPLICATION_SELECT = "(osgi.jaxrs.name=" + APPLICATION_NAME + ")";
    /** Base path of the application. */
    public static final String BASE = "api";

    private HomeroomRest() {
    }
}
