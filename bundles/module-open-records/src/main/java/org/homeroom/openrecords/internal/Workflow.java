package org.homeroom.openrecords.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.homeroom.platform.api.FieldError;
import org.homeroom.platform.api.ProblemException;

/**
 * The request lifecycle. Any open state may close; a closed request may only be reopened. Withholding
 * anything (partial release, denial) must cite the statute that allows it.
 */
final class Workflow {

    static final String RECEIVED = "received";
    static final String ACKNOWLEDGED = "acknowledged";
    static final String IN_PROGRESS = "in-progress";
    static final String CLARIFICATION = "clarification-needed";
    static final String AWAITING_PAYMENT = "awaiting-payment";
    static final String CLOSED = "closed";

    static final Set<String> CLOSURES = Set.of("fulfilled", "partially-fulfilled", "denied", "no-records", "withdrawn");
    static final Set<String> NEED_CITATION = Set.of("partially-fulfilled", "denied");
    static final Set<String> RELEASE = Set.of("fulfilled", "partially-fulfilled");

    private static final Map<String, Set<String>> NEXT = Map.of(
            RECEIVED, Set.of(ACKNOWLEDGED, IN_PROGRESS, CLARIFICATION, CLOSED),
            ACKNOWLEDGED, Set.of(IN_PROGRESS, CLARIFICATION, AWAITING_PAYMENT, CLOSED),
            IN_PROGRESS, Set.of(CLARIFICATION, AWAITING_PAYMENT, CLOSED),
            CLARIFICATION, Set.of(IN_PROGRESS, CLOSED),
            AWAITING_PAYMENT, Set.of(IN_PROGRESS, CLOSED),
            CLOSED, Set.of(IN_PROGRESS));

    static final List<String> STATUSES = List.of(RECEIVED, ACKNOWLEDGED, IN_PROGRESS, CLARIFICATION, AWAITING_PAYMENT, CLOSED);

    private Workflow() {
    }

    /**
     * @throws ProblemException 422 for an unknown state, a missing closure or citation; 409 when the
     *         step is not allowed from the current state or records would be released before payment
     */
    static void check(String from, String to, String closure, String citation, boolean feeOutstanding) {
        if (to == null || !STATUSES.contains(to)) {
            throw ProblemException.invalid(List.of(new FieldError("to", "must be one of " + String.join(", ", STATUSES))));
        }
        if (!NEXT.get(from).contains(to)) {
            throw ProblemException.conflict("A request that is " + from + " cannot move to " + to + "; allowed: "
                    + String.join(", ", NEXT.get(from).stream().sorted().toList()) + ".");
        }
        if (CLOSED.equals(to)) {
            if (closure == null || !CLOSURES.contains(closure)) {
                throw ProblemException.invalid(List.of(new FieldError("closure",
                        "closing needs one of " + String.join(", ", CLOSURES.stream().sorted().toList()))));
            }
            if (NEED_CITATION.contains(closure) && (citation == null || citation.isBlank())) {
                throw ProblemException.invalid(List.of(new FieldError("citation",
                        "withholding records must cite the statute that allows it, e.g. 51 O.S. §24A.7 (personnel) or §24A.16 (students)")));
            }
            if (RELEASE.contains(closure) && feeOutstanding) {
                throw ProblemException.conflict("The fee is not paid yet; records are released after payment.");
            }
        } else if (closure != null) {
            throw ProblemException.invalid(List.of(new FieldError("closure", "is only for closing")));
        }
    }
}
