/** Announcements as other modules see them (for example crisis communication withdrawing them). */
@Export
@Version("1.0.0")
package org.homeroom.announcements.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
