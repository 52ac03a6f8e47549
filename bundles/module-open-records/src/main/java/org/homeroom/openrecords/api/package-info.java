/** Open records requests as other modules and clients see them. */
@Export
@Version("3.0.0")
package org.homeroom.openrecords.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
