package org.homeroom.platform.data.internal;

import static org.junit.Assert.assertEquals;

import java.time.Instant;
import java.util.List;

import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.api.data.AuditEntry;
import org.homeroom.platform.api.data.AuditQuery;
import org.junit.Before;
import org.junit.Test;

public class JdbcAuditLogTest {

    private PlatformDatabase db;
    private JdbcAuditLog audit;

    @Before
    public void setUp() throws Exception {
        db = new PlatformDatabase(TestDatabases.fresh());
        String sql = new String(getClass().getResourceAsStream("/db/migration/V1__audit_trail.sql").readAllBytes());
        db.migrate("platform-data", List.of(MigrationScript.of("V1__audit_trail.sql", sql)));
        audit = new JdbcAuditLog(db);
    }

    @Test
    public void filtersPagesAndOrdersNewestFirst() {
        db.inTransaction(c -> {
            audit.record(c, "admin", "site.create", "site", "E01", "{}");
            audit.record(c, "comms", "site.update", "site", "E01", "{}");
            audit.record(c, "admin", "module.enable", "module-setting", "E01/announcements", null);
            return null;
        });
        Page<AuditEntry> all = audit.find(new AuditQuery(null, null, null, null), new PageRequest(0, 2));
        assertEquals(3, all.total());
        assertEquals(2, all.items().size());
        assertEquals("module.enable", all.items().get(0).action());
        assertEquals(2, audit.find(new AuditQuery("site", null, null, null), PageRequest.of(null, null)).total());
        assertEquals(2, audit.find(new AuditQuery(null, null, "admin", null), PageRequest.of(null, null)).total());
        assertEquals(0, audit.find(new AuditQuery(null, null, null, Instant.now().plusSeconds(60)), PageRequest.of(null, null)).total());
    }

    @Test
    public void entriesRollBackWithTheirChange() {
        try {
            db.inTransaction(c -> {
                audit.record(c, "admin", "site.create", "site", "X", null);
                throw new IllegalArgumentException("change failed");
            });
        } catch (IllegalArgumentException expected) {
            // nothing may remain
        }
        assertEquals(0, audit.find(new AuditQuery(null, null, null, null), PageRequest.of(null, null)).total());
    }

    @Test
    public void siteAndModuleFiltersFindEveryChangeAboutThem() {
        db.inTransaction(c -> {
            audit.record(c, "admin", "site.update", "site", "E01", null);
            audit.record(c, "admin", "module-setting.put", "module-setting", "E01/announcements", "{\"enabled\":true}");
            audit.record(c, "admin", "module-setting.put", "module-setting", "E011/events", null);
            audit.record(c, "admin", "module.install", "module", "announcements", null);
            audit.record(c, "comms", "open-records.submit", "open-records-request", "ORR-2026-00001", null);
            return null;
        });
        PageRequest all = PageRequest.of(null, null);
        assertEquals(2, audit.find(new AuditQuery(null, null, null, null, "E01", null), all).total());
        assertEquals(2, audit.find(new AuditQuery(null, null, null, null, null, "announcements"), all).total());
        assertEquals(1, audit.find(new AuditQuery(null, null, null, null, null, "open-records"), all).total());
        assertEquals(1, audit.find(new AuditQuery(null, null, null, null, "E01", "announcements"), all).total());
        assertEquals(0, audit.find(new AuditQuery(null, null, null, null, "E_1", null), all).total()); // _ is a literal, not a wildcard
    }
}
