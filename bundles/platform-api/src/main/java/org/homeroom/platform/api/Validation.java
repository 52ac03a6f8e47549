package org.homeroom.platform.api;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Collects every field error of a request, then fails once with all of them (422). */
public final class Validation {

    private final List<FieldError> errors = new ArrayList<>();

    public Validation required(String field, Object value) {
        if (value == null || value instanceof String s && s.isBlank()) {
            errors.add(new FieldError(field, "is required"));
        }
        return this;
    }

    public Validation maxLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
        }
        return this;
    }

    public Validation matches(String field, String value, Pattern pattern, String explanation) {
        if (value != null && !value.isBlank() && !pattern.matcher(value).matches()) {
            errors.add(new FieldError(field, explanation));
        }
        return this;
    }

    /**
     * Text a person typed for other people to read: at most {@code max} characters and no control
     * characters other than tab and line breaks (they break letters, exports and screen readers).
     */
    public Validation plainText(String field, String value, int max) {
        maxLength(field, value, max);
        if (value != null && value.codePoints().anyMatch(Validation::isForbiddenControl)) {
            errors.add(new FieldError(field, "must not contain control characters"));
        }
        return this;
    }

    /** {@link #required} and {@link #plainText} together. */
    public Validation requiredText(String field, String value, int max) {
        return required(field, value).plainText(field, value, max);
    }

    private static boolean isForbiddenControl(int cp) {
        return Character.getType(cp) == Character.CONTROL && cp != '\t' && cp != '\n' && cp != '\r';
    }

    public Validation check(boolean ok, String field, String message) {
        if (!ok) {
            errors.add(new FieldError(field, message));
        }
        return this;
    }

    public boolean hasErrors(String field) {
        return errors.stream().anyMatch(e -> e.field().equals(field));
    }

    public List<FieldError> errors() {
        return List.copyOf(errors);
    }

    /** @throws ProblemException 422 listing every field error, if there is any */
    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }
}
