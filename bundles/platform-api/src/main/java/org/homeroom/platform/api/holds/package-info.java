/** The communications hold: while one is active, scheduled non-emergency sends and posts wait. Semantic versioning. */
@Export
@Version("1.0.0")
package org.homeroom.platform.api.holds;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
