/** The district's time zone and business calendar (holidays, closures, business hours). Semantic versioning. */
@Export
@Version("1.0.0")
package org.homeroom.platform.api.calendar;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
