/** Homeroom platform contract (data). Semantic versioning: a breaking change bumps the major version. */
@Export
@Version("1.3.0")
package org.homeroom.platform.api.data;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
