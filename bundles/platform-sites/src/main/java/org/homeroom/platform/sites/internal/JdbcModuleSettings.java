package org.homeroom.platform.sites.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.FieldError;
import org.homeroom.platform.api.ModuleDescriptor;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.data.AuditLog;
import org.homeroom.platform.api.data.Database;
import org.homeroom.platform.api.sites.ModuleSetting;
import org.homeroom.platform.api.sites.ModuleSettingsService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Module settings in HR_MODULE_SETTING, read on every call (one primary-key query for the site and
 * district rows) so every node sees a change on its next request. Writes are audited.
 */
@Component(service = ModuleSettingsService.class)
public class JdbcModuleSettings implements ModuleSettingsService {

    static final int MAX_SETTINGS_CHARS = 32_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    private final Database database;
    private final AuditLog audit;

    private record Row(Boolean enabled, Map<String, Object> settings) {
    }

    @Activate
    public JdbcModuleSettings(@Reference Database database, @Reference AuditLog audit) {
        this.database = database;
        this.audit = audit;
    }

    @Override
    public ModuleSetting effective(String site, ModuleDescriptor module) {
        Map<String, Row> rows = database.read(c -> rows(c, site, module.id()));
        Row siteRow = rows.get(site);
        Row districtRow = rows.get(DISTRICT);
        boolean enabled = module.enabledByDefault();
        String source = "module";
        if (districtRow != null && districtRow.enabled() != null) {
            enabled = districtRow.enabled();
            source = "district";
        }
        if (siteRow != null && siteRow.enabled() != null && !DISTRICT.equals(site)) {
            enabled = siteRow.enabled();
            source = "site";
        }
        Map<String, Object> settings = new LinkedHashMap<>(module.defaultSettings());
        if (districtRow != null) {
            settings.putAll(districtRow.settings());
        }
        if (siteRow != null && !DISTRICT.equals(site)) {
            settings.putAll(siteRow.settings());
        }
        return new ModuleSetting(site, module.id(), enabled, source, settings);
    }

    @Override
    public List<String> enabledSites(ModuleDescriptor module) {
        return database.read(c -> {
            Boolean district = null;
            Row districtRow = rows(c, DISTRICT, module.id()).get(DISTRICT);
            if (districtRow != null) {
                district = districtRow.enabled();
            }
            boolean fallback = district != null ? district : module.enabledByDefault();
            List<String> codes = new java.util.ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT S.CODE, M.ENABLED FROM HR_SITE S LEFT JOIN HR_MODULE_SETTING M"
                    + " ON M.SITE_CODE = S.CODE AND M.MODULE_ID = ? WHERE S.ARCHIVED = FALSE ORDER BY S.CODE")) {
                ps.setString(1, module.id());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String code = rs.getString(1);
                        boolean enabled = rs.getBoolean(2);
                        if (rs.wasNull() ? fallback : enabled) {
                            codes.add(code);
                        }
                    }
                }
            }
            return codes;
        });
    }

    @Override
    public void put(String site, String moduleId, Boolean enabled, Map<String, Object> settings, CurrentUser actor) {
        String json = settings == null ? null : toJson(settings);
        database.inTransaction(c -> {
            Row existing = rows(c, site, moduleId).get(site);
            String stored = json != null ? json : existing == null ? "{}" : toJson(existing.settings());
            Timestamp now = Timestamp.from(Instant.now());
            String actorName = JdbcSiteService.actorName(actor);
            if (existing == null) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO HR_MODULE_SETTING (SITE_CODE, MODULE_ID, ENABLED, SETTINGS,"
                        + " UPDATED_AT, UPDATED_BY) VALUES (?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, site);
                    ps.setString(2, moduleId);
                    ps.setObject(3, enabled);
                    ps.setString(4, stored);
                    ps.setTimestamp(5, now);
                    ps.setString(6, actorName);
                    ps.executeUpdate();
                }
            } else {
                try (PreparedStatement ps = c.prepareStatement("UPDATE HR_MODULE_SETTING SET ENABLED = ?, SETTINGS = ?, UPDATED_AT = ?,"
                        + " UPDATED_BY = ? WHERE SITE_CODE = ? AND MODULE_ID = ?")) {
                    ps.setObject(1, enabled);
                    ps.setString(2, stored);
                    ps.setTimestamp(3, now);
                    ps.setString(4, actorName);
                    ps.setString(5, site);
                    ps.setString(6, moduleId);
                    ps.executeUpdate();
                }
            }
            String action = enabled == null ? "module.settings" : enabled ? "module.enable" : "module.disable";
            audit.record(c, actorName, action, "module-setting", site + "/" + moduleId,
                    "{\"enabled\":" + enabled + ",\"settings\":" + stored + "}");
            return null;
        });
    }

    private static Map<String, Row> rows(Connection c, String site, String moduleId) throws SQLException {
        Map<String, Row> rows = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT SITE_CODE, ENABLED, SETTINGS FROM HR_MODULE_SETTING"
                + " WHERE MODULE_ID = ? AND SITE_CODE IN (?, ?)")) {
            ps.setString(1, moduleId);
            ps.setString(2, site);
            ps.setString(3, DISTRICT);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String siteCode = rs.getString(1);
                    boolean enabled = rs.getBoolean(2);
                    // wasNull() reports on the last column read, so it must follow getBoolean directly
                    Boolean choice = rs.wasNull() ? null : enabled;
                    rows.put(siteCode, new Row(choice, fromJson(rs.getString(3))));
                }
            }
        }
        return rows;
    }

    private static String toJson(Map<String, Object> settings) {
        try {
            String json = JSON.writeValueAsString(settings);
            if (json.length() > MAX_SETTINGS_CHARS) {
                throw ProblemException.invalid(List.of(new FieldError("settings", "must be at most " + MAX_SETTINGS_CHARS + " characters of JSON")));
            }
            return json;
        } catch (JsonProcessingException e) {
            throw ProblemException.invalid(List.of(new FieldError("settings", "must be a JSON object")));
        }
    }

    private static Map<String, Object> fromJson(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored module settings are not JSON: " + json, e);
        }
    }
}
