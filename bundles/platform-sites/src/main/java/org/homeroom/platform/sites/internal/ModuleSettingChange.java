package org.homeroom.platform.sites.internal;

import java.util.Map;

/** Body of {@code PUT /api/sites/{code}/modules/{moduleId}}. */
public record ModuleSettingChange(Boolean enabled, Map<String, Object> settings) {
}
