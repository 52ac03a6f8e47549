/** Messaging as other modules see it, and the SPI of text/voice providers. */
@Export
@Version("1.2.0")
package org.homeroom.messaging.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
