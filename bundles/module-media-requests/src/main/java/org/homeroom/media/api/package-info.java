/**
 * Media requests as other modules see them: outlets and journalists, the request log, campus-visit checks,
 * statements and releases, the coverage log (a campaign's KPI).
 */
@Export
@Version("1.0.0")
package org.homeroom.media.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
