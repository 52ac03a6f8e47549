package org.homeroom.platform.testing;

import java.util.Set;
import java.util.TreeSet;

import org.homeroom.platform.api.FieldError;
import org.homeroom.platform.api.ProblemException;

/** Assertions on the problems a service throws. */
public final class Problems {

    private Problems() {
    }

    /** Runs {@code call}, which must throw a {@link ProblemException}, and returns it. */
    public static ProblemException problem(Runnable call) {
        try {
            call.run();
        } catch (ProblemException e) {
            return e;
        }
        throw new AssertionError("expected a ProblemException");
    }

    /** The fields a 422 names (fails for any other status). */
    public static Set<String> fields(ProblemException e) {
        if (e.status() != 422) {
            throw new AssertionError("expected 422 but was " + e.status() + ": " + e.getMessage());
        }
        return new TreeSet<>(e.errors().stream().map(FieldError::field).toList());
    }
}
