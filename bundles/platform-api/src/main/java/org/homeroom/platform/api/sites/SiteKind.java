package org.homeroom.platform.api.sites;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a site is. JSON and URLs use {@link #code()}: elementary, middle, high, alternative, early-childhood, office. */
public enum SiteKind {
    ELEMENTARY, MIDDLE, HIGH, ALTERNATIVE, EARLY_CHILDHOOD, OFFICE;

    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<SiteKind> parse(String code) {
        return code == null ? Optional.empty()
                : Arrays.stream(values()).filter(k -> k.code().equalsIgnoreCase(code.trim())).findFirst();
    }
}
