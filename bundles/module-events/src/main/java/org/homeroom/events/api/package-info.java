/** District events as other modules see them (for example a newsletter listing what is coming up). */
@Export
@Version("1.0.0")
package org.homeroom.events.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
