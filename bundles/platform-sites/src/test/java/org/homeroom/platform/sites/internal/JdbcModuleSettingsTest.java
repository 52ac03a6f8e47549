package org.homeroom.platform.sites.internal;

import static org.homeroom.platform.api.sites.ModuleSettingsService.DISTRICT;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.ModuleDescriptor;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.sites.ModuleSetting;
import org.junit.Before;
import org.junit.Test;
import org.homeroom.platform.testing.TestDatabase;
import org.homeroom.platform.testing.RecordingAuditLog;

public class JdbcModuleSettingsTest {

    private static final CurrentUser ADMIN = new CurrentUser("admin1", Set.of("admin"));
    private static final ModuleDescriptor MODULE = ModuleDescriptor.builder("announcements")
            .defaultSetting("defaultDays", 14).defaultSetting("color", "blue").build();

    private TestDatabase database;
    private RecordingAuditLog audit;
    private JdbcModuleSettings settings;

    @Before
    public void setUp() {
        database = new TestDatabase();
        audit = new RecordingAuditLog();
        settings = new JdbcModuleSettings(database, audit);
    }

    private static void assertSetting(ModuleSetting s, boolean enabled, String source, Map<String, Object> expected) {
        assertEquals("enabled", enabled, s.enabled());
        assertEquals("source", source, s.source());
        assertEquals("settings", expected, s.settings());
    }

    @Test
    public void resolvesModuleDefaultThenDistrictThenSite() {
        assertSetting(settings.effective("E01", MODULE), false, "module", Map.of("defaultDays", 14, "color", "blue"));

        settings.put(DISTRICT, "announcements", true, Map.of("defaultDays", 7, "banner", "district"), ADMIN);
        assertSetting(settings.effective("E01", MODULE), true, "district", Map.of("defaultDays", 7, "color", "blue", "banner", "district"));
        assertSetting(settings.effective(DISTRICT, MODULE), true, "district", Map.of("defaultDays", 7, "color", "blue", "banner", "district"));

        settings.put("E01", "announcements", false, Map.of("banner", "site"), ADMIN);
        assertSetting(settings.effective("E01", MODULE), false, "site", Map.of("defaultDays", 7, "color", "blue", "banner", "site"));
        assertSetting(settings.effective("E02", MODULE), true, "district", Map.of("defaultDays", 7, "color", "blue", "banner", "district"));
        // the district row does not see the site's choice
        assertSetting(settings.effective(DISTRICT, MODULE), true, "district", Map.of("defaultDays", 7, "color", "blue", "banner", "district"));
    }

    @Test
    public void nullEnabledLeavesEnablementToTheNextLevel() {
        settings.put("E01", "announcements", true, Map.of("color", "red"), ADMIN);
        settings.put("E01", "announcements", null, Map.of("color", "green"), ADMIN);
        assertEquals("stored ENABLED", Boolean.TRUE, database.read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT ENABLED FROM HR_MODULE_SETTING WHERE SITE_CODE = 'E01'")) {
                rs.next();
                rs.getBoolean(1);
                return rs.wasNull();
            }
        }));
        assertSetting(settings.effective("E01", MODULE), false, "module", Map.of("defaultDays", 14, "color", "green"));
        settings.put(DISTRICT, "announcements", true, null, ADMIN);
        assertSetting(settings.effective("E01", MODULE), true, "district", Map.of("defaultDays", 14, "color", "green"));
    }

    @Test
    public void nullSettingsKeepStoredOnesAndNullValuesSurvive() {
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("note", null);
        withNull.put("defaultDays", 3);
        settings.put("E01", "announcements", true, withNull, ADMIN);
        settings.put("E01", "announcements", false, null, ADMIN);

        ModuleSetting s = settings.effective("E01", MODULE);
        assertFalse(s.enabled());
        assertEquals(3, s.settings().get("defaultDays"));
        assertEquals("blue", s.settings().get("color"));
        assertTrue(s.settings().containsKey("note"));
        assertNull(s.settings().get("note"));

        settings.put("E02", "announcements", true, null, ADMIN); // no stored row yet: empty settings
        assertSetting(settings.effective("E02", MODULE), true, "site", Map.of("defaultDays", 14, "color", "blue"));
    }

    @Test
    public void aChangeIsSeenOnTheNextCallByEveryInstance() {
        JdbcModuleSettings otherNode = new JdbcModuleSettings(database, new RecordingAuditLog());
        assertFalse(otherNode.effective("E01", MODULE).enabled());
        settings.put("E01", "announcements", true, Map.of(), ADMIN);
        assertTrue(otherNode.effective("E01", MODULE).enabled());
        settings.put("E01", "announcements", false, Map.of(), ADMIN);
        assertFalse(otherNode.effective("E01", MODULE).enabled());
    }

    @Test
    public void everyPutIsAuditedWithItsAction() {
        settings.put("E01", "announcements", true, Map.of("defaultDays", 5), ADMIN);
        settings.put(DISTRICT, "announcements", false, null, null);
        settings.put("E01", "announcements", null, null, ADMIN);

        assertEquals(List.of("module.enable", "module.disable", "module.settings"), audit.actions());
        RecordingAuditLog.Entry first = audit.entries.get(0);
        assertEquals("admin1", first.actor());
        assertEquals("module-setting", first.entity());
        assertEquals("E01/announcements", first.entityId());
        assertEquals("{\"enabled\":true,\"settings\":{\"defaultDays\":5}}", first.detail());
        assertEquals("system", audit.entries.get(1).actor());
        assertEquals("*/announcements", audit.entries.get(1).entityId());
        assertEquals("{\"enabled\":null,\"settings\":{\"defaultDays\":5}}", audit.entries.get(2).detail());
    }

    @Test
    public void oversizedSettingsAreRefusedAndNothingIsStoredOrAudited() {
        try {
            settings.put("E01", "announcements", true, Map.of("text", "x".repeat(JdbcModuleSettings.MAX_SETTINGS_CHARS)), ADMIN);
            fail("oversized settings must be refused");
        } catch (ProblemException e) {
            assertEquals(422, e.status());
            assertEquals("settings", e.errors().get(0).field());
        }
        assertSetting(settings.effective("E01", MODULE), false, "module", Map.of("defaultDays", 14, "color", "blue"));
        assertTrue(audit.entries.isEmpty());
    }

    @Test
    public void enabledSitesFollowTheSameFallbackForEveryOpenSite() {
        JdbcSiteService sites = new JdbcSiteService(database, audit);
        for (String code : List.of("E01", "E02", "E03")) {
            sites.create(new org.homeroom.platform.api.sites.SiteDraft(code, "School " + code, "elementary", null, null, null, null, null), ADMIN);
        }
        assertEquals(List.of(), settings.enabledSites(MODULE));
        settings.put("E02", "announcements", true, null, ADMIN);
        assertEquals(List.of("E02"), settings.enabledSites(MODULE));
        settings.put(DISTRICT, "announcements", true, null, ADMIN);
        settings.put("E03", "announcements", false, null, ADMIN);
        assertEquals(List.of("E01", "E02"), settings.enabledSites(MODULE));
        sites.archive("E01", ADMIN);
        assertEquals(List.of("E02"), settings.enabledSites(MODULE));
    }
}
