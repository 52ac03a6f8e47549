package org.homeroom.platform.api;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A route of a module that anonymous callers may use on purpose (for example submitting an open
 * records request). {@code path} is relative to the module root and may use {@code *} for one segment.
 */
public record PublicRoute(String method, String path) {

    public PublicRoute {
        method = method.toUpperCase(Locale.ROOT);
        path = trim(path);
    }

    public boolean matches(String requestMethod, String requestPath) {
        if (!method.equals(requestMethod.toUpperCase(Locale.ROOT))) {
            return false;
        }
        String regex = Pattern.quote(path).replace("*", "\\E[^/]+\\Q");
        return trim(requestPath).matches(regex);
    }

    private static String trim(String p) {
        String s = p == null ? "" : p;
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
