/** Names modules use to select the platform's JAX-RS application. */
@Export
@Version("1.0.0")
package org.homeroom.platform.rest;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
