package org.homeroom.platform.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Map;

import org.homeroom.platform.api.sites.ModuleSetting;
import org.junit.Test;

public class RequestHelpersTest {

    @Test
    public void languageComesFromTheParameterThenAcceptLanguageWithRegions() {
        assertEquals(Language.ES, Language.of("es-MX", null));
        assertEquals(Language.ES, Language.of("ES", "en"));
        assertEquals(Language.EN, Language.of("en_US", "es"));
        assertEquals(Language.ES, Language.of(null, "es-MX,es;q=0.9,en;q=0.8"));
        assertEquals(Language.ES, Language.of("", "fr-FR, es-US;q=0.7, en;q=0.5"));
        assertEquals(Language.EN, Language.of(null, "fr, de;q=0.5"));
        assertEquals(Language.EN, Language.of(null, "es;q=0, en;q=0.1"));
        assertEquals(Language.EN, Language.of(null, ";;;not a header"));
        assertEquals(Language.EN, Language.of(null, null));
        try {
            Language.of("fr", "es");
            fail();
        } catch (ProblemException e) {
            assertEquals(422, e.status());
            assertEquals("lang", e.errors().get(0).field());
        }
        assertEquals("hola", Language.ES.pick("hello", "hola"));
        assertEquals("es", Language.ES.code());
    }

    @Test
    public void pathIdsThatNameNothingAre404NamingTheThing() {
        assertEquals(42L, Requests.id("announcement", "42"));
        for (String bad : List.of("abc", "-1", "0", "", "99999999999999999999")) {
            try {
                Requests.id("announcement", bad);
                fail(bad);
            } catch (ProblemException e) {
                assertEquals(404, e.status());
                assertTrue(e.getMessage(), e.getMessage().contains("announcement '" + bad + "'"));
            }
        }
        try {
            Requests.user(null);
            fail();
        } catch (ProblemException e) {
            assertEquals(401, e.status());
        }
    }

    @Test
    public void plainTextRefusesControlCharactersButKeepsLineBreaks() {
        Validation ok = new Validation().requiredText("body", "Line one\n\tLine two\r\n", 100);
        assertTrue(ok.errors().isEmpty());
        Validation bad = new Validation().requiredText("title", "Bell\u0007", 100).plainText("note", "x".repeat(11), 10)
                .requiredText("empty", " ", 10).plainText("absent", null, 10);
        assertEquals(List.of(new FieldError("title", "must not contain control characters"),
                new FieldError("note", "must be at most 10 characters"), new FieldError("empty", "is required")), bad.errors());
        assertFalse(new Validation().plainText("zwj", "familia 👨‍👩‍👧", 40).hasErrors("zwj"));
    }

    @Test
    public void settingsAreTypedWithAFallback() {
        ModuleSetting s = new ModuleSetting("E06", "announcements", true, "site", Map.of("defaultDays", 9, "from", "office", "public", true));
        assertEquals(9, s.integer("defaultDays", 14));
        assertEquals(14, s.integer("from", 14));
        assertEquals(14, s.integer("missing", 14));
        assertEquals("office", s.text("from", "x"));
        assertEquals("x", s.text("defaultDays", "x"));
        assertTrue(s.flag("public", false));
        assertFalse(s.flag("from", false));
    }
}
