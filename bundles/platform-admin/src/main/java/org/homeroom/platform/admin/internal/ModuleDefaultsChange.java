package org.homeroom.platform.admin.internal;

import java.util.Map;

/** Body of {@code PUT /api/admin/modules/{id}/defaults}; null {@code enabled} returns the choice to the module. */
public record ModuleDefaultsChange(Boolean enabled, Map<String, Object> settings) {
}
