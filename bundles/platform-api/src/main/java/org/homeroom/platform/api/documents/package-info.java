/**
 * Homeroom platform contract (documents): printable letters as PDF, so every module that writes to
 * families (open records letters, parent letters) prints them the same accessible way.
 * Semantic versioning: a breaking change bumps the major version.
 */
@Export
@Version("1.0.0")
package org.homeroom.platform.api.documents;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
