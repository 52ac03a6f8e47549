package org.homeroom.platform.api.casework;

import org.homeroom.platform.api.Language;

/** Who asked: a name, how to reach them (email and/or phone) and the language they are answered in. */
public record Requester(String name, String email, String phone, Language language) {

    public Requester {
        language = language == null ? Language.EN : language;
    }
}
