package org.homeroom.platform.api.casework;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A kind of case a module owns, e.g. {@code inquiries}/{@code inquiry}: its states in order, the first one,
 * the allowed transitions, which states are closed (the clock stops), the default SLA, and attachment rules.
 * {@link #id()} ({@code module:kind}) names it everywhere; a case's {@link CaseRecord#ref()} is
 * {@code module:kind:id}, a platform {@link org.homeroom.platform.api.records.RecordRef}.
 */
public record CaseType(String module, String kind, List<String> states, String initialState,
        Map<String, Set<String>> transitions, Set<String> closedStates, SlaRule sla, AttachmentRule attachments) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    public CaseType {
        if (module == null || !NAME.matcher(module).matches() || kind == null || !NAME.matcher(kind).matches()) {
            throw new IllegalArgumentException("module and kind must be lower-case names: " + module + ":" + kind);
        }
        states = List.copyOf(states);
        Map<String, Set<String>> t = new LinkedHashMap<>();
        transitions.forEach((from, to) -> t.put(from, Set.copyOf(to)));
        transitions = Map.copyOf(t);
        closedStates = Set.copyOf(closedStates);
        sla = sla == null ? SlaRule.NONE : sla;
        attachments = attachments == null ? AttachmentRule.DOCUMENTS : attachments;
        if (!states.contains(initialState)) {
            throw new IllegalArgumentException("initial state " + initialState + " is not one of " + states);
        }
        for (Map.Entry<String, Set<String>> e : transitions.entrySet()) {
            if (!states.contains(e.getKey()) || !states.containsAll(e.getValue())) {
                throw new IllegalArgumentException("transition " + e + " names a state not in " + states);
            }
        }
        if (!states.containsAll(closedStates) || closedStates.contains(initialState)) {
            throw new IllegalArgumentException("closed states " + closedStates + " must be states other than the initial one");
        }
        for (String s : states) {
            if (s == null || !NAME.matcher(s).matches()) {
                throw new IllegalArgumentException("state names must be lower-case names: " + s);
            }
        }
    }

    /** {@code module:kind}. */
    public String id() {
        return module + ":" + kind;
    }

    public boolean allows(String from, String to) {
        return transitions.getOrDefault(from, Set.of()).contains(to);
    }

    public boolean isClosed(String state) {
        return closedStates.contains(state);
    }
}
