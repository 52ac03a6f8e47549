package org.homeroom.platform.api.sites;

import java.util.List;

/** What a client sends to create or replace a site; every field is checked before anything is stored. */
public record SiteDraft(String code, String name, String kind, String address, String phone, String principal,
        String grades, List<String> languages) {
}
