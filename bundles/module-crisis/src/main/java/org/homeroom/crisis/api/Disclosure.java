package org.homeroom.crisis.api;

import java.time.Instant;

/** A FERPA health-or-safety disclosure: the articulable threat, to whom, what was disclosed (34 CFR 99.36, 99.32(a)(5)). */
public record Disclosure(long id, long incident, Instant disclosedAt, String threat, String recipient, String information, String recordedBy) {
}
