/** The district directory as other modules (messaging) and clients see it. */
@Export
@Version("1.3.0")
package org.homeroom.directory.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
