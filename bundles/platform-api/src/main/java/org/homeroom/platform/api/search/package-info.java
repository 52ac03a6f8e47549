/** One search across modules: modules feed the index inside their own transactions. Semantic versioning. */
@Export
@Version("1.0.0")
package org.homeroom.platform.api.search;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
