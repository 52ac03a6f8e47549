package org.homeroom.platform.api;

/** Where a module's resources live: {@code /api/{module}/…} (DISTRICT) or {@code /api/sites/{code}/{module}/…} (SITE). */
public enum Scope { DISTRICT, SITE }
