/** Homeroom platform contract (sites). Semantic versioning: a breaking change bumps the major version. */
@Export
@Version("1.2.0")
package org.homeroom.platform.api.sites;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
