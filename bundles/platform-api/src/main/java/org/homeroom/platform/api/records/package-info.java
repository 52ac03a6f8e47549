/**
 * Records across modules: references ({@code module:kind:id}), the resolver each module registers for its
 * own records, and links the platform stores between any two records. Semantic versioning.
 */
@Export
@Version("1.0.0")
package org.homeroom.platform.api.records;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
