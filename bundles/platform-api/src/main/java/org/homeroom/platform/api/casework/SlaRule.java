package org.homeroom.platform.api.casework;

/**
 * How long a case may take, in business hours of the district calendar (business days within business
 * hours): to the first response to the requester and to resolution (the case's due time). 0 means no
 * target for that step.
 */
public record SlaRule(int firstResponseBusinessHours, int resolveBusinessHours) {

    public static final SlaRule NONE = new SlaRule(0, 0);

    public SlaRule {
        if (firstResponseBusinessHours < 0 || resolveBusinessHours < 0) {
            throw new IllegalArgumentException("SLA hours must not be negative");
        }
    }
}
