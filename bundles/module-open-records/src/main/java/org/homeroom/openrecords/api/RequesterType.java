package org.homeroom.openrecords.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Who is asking for records. JSON and URLs use {@link #code()}: parent, vendor, business, media,
 * elected-official, government-agency, employee, other-district, public.
 * The type matters for fees: news media never pay a search fee (51 O.S. §24A.5).
 */
public enum RequesterType {
    PARENT, VENDOR, BUSINESS, MEDIA, ELECTED_OFFICIAL, GOVERNMENT_AGENCY, EMPLOYEE, OTHER_DISTRICT, PUBLIC;

    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<RequesterType> parse(String code) {
        return code == null ? Optional.empty()
                : Arrays.stream(values()).filter(t -> t.code().equalsIgnoreCase(code.trim())).findFirst();
    }
}
