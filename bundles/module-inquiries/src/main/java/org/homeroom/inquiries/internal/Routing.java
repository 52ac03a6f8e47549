package org.homeroom.inquiries.internal;

import org.homeroom.platform.api.casework.SlaRule;

/**
 * Where an inquiry goes: a topic routes to its team and, when it names a school, to that school; otherwise the
 * caller's school (if they gave one) keeps it, and a contact without a topic goes to the call centre with the
 * default SLA (first response in 4 business hours, past due after 5 business days of 8.5 hours).
 */
public record Routing(String team, String site, SlaRule sla) {

    static final String CALL_CENTRE = "call-centre";
    static final SlaRule DEFAULT_SLA = new SlaRule(4, 43);

    static Routing of(Topic topic, String callerSite) {
        if (topic == null) {
            return new Routing(CALL_CENTRE, callerSite, DEFAULT_SLA);
        }
        return new Routing(topic.team(), topic.site() != null ? topic.site() : callerSite,
                new SlaRule(topic.firstResponseHours(), topic.resolveHours()));
    }
}
