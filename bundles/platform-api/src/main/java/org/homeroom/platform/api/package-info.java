/** Homeroom platform contract. Semantic versioning: a breaking change bumps the major version. */
@Export
@Version("1.2.0")
package org.homeroom.platform.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
