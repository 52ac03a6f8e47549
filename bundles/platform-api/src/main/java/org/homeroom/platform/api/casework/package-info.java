/**
 * Casework: the platform's queue mechanics, shared by inquiries, media requests and later request modules.
 * A module registers a {@link org.homeroom.platform.api.casework.CaseType} (its states, transitions, SLA and
 * attachment rules) and opens, moves, notes, answers, reassigns and converts cases through
 * {@link org.homeroom.platform.api.casework.CaseworkService}. Semantic versioning: add, never break.
 */
@Export
@Version("1.0.0")
package org.homeroom.platform.api.casework;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
