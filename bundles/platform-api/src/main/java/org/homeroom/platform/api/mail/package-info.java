/**
 * Homeroom platform contract (mail): modules queue messages; the platform mail bundle delivers them
 * over SMTP. Semantic versioning: a breaking change bumps the major version.
 */
@Export
@Version("1.0.0")
package org.homeroom.platform.api.mail;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
