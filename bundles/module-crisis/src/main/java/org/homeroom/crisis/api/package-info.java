/** Crisis incidents as other modules see them (media requests grouped under an incident, an after-action report). */
@Export
@Version("1.0.0")
package org.homeroom.crisis.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
