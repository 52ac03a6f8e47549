package org.homeroom.platform.api.sites;

import java.time.Instant;
import java.util.List;

/** A school site or office. {@code kind} is a {@link SiteKind#code()}; archived sites keep their data. */
public record Site(String code, String name, String kind, String address, String phone, String principal,
        String grades, List<String> languages, boolean archived, Instant createdAt, Instant updatedAt) {

    public Site {
        languages = languages == null ? List.of() : List.copyOf(languages);
    }
}
