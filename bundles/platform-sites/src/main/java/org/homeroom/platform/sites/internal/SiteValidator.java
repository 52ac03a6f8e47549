package org.homeroom.platform.sites.internal;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.homeroom.platform.api.Validation;
import org.homeroom.platform.api.sites.SiteDraft;
import org.homeroom.platform.api.sites.SiteKind;

/** Checks a site draft field by field and normalises it (codes upper case, languages lower case). */
final class SiteValidator {

    static final Pattern CODE = Pattern.compile("[A-Z0-9][A-Z0-9-]{1,15}");
    private static final Pattern PHONE = Pattern.compile("[0-9+()\\-. x]{7,40}");
    private static final Pattern GRADES = Pattern.compile("(PK|K|[1-9]|1[0-2])(-(K|[1-9]|1[0-2]))?");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})?");
    private static final Pattern CONTROL = Pattern.compile(".*[\\p{Cntrl}&&[^\\t]].*", Pattern.DOTALL);

    private SiteValidator() {
    }

    static String normaliseCode(String code) {
        return code == null ? null : code.trim().toUpperCase(Locale.ROOT);
    }

    /** @return the draft, normalised; throws 422 naming every invalid field */
    static SiteDraft validate(SiteDraft draft) {
        Validation v = new Validation();
        if (draft == null) {
            v.check(false, "body", "a site object is required");
            v.throwIfInvalid();
        }
        String code = normaliseCode(draft.code());
        List<String> languages = draft.languages() == null || draft.languages().isEmpty() ? List.of("en")
                : draft.languages().stream().map(l -> l == null ? "" : l.trim().toLowerCase(Locale.ROOT)).toList();
        String grades = blankToNull(draft.grades()) == null ? null : draft.grades().trim().toUpperCase(Locale.ROOT);
        v.required("code", code)
                .matches("code", code, CODE, "must be 2–16 letters, digits or dashes, starting with a letter or digit")
                .required("name", draft.name()).maxLength("name", draft.name(), 200)
                .required("kind", draft.kind())
                .maxLength("address", draft.address(), 300)
                .matches("phone", blankToNull(draft.phone()), PHONE, "must be a phone number such as (555) 010-2000")
                .maxLength("principal", draft.principal(), 200)
                .matches("grades", grades, GRADES, "must be a grade or grade span from PK to 12, such as PK-5, K-5, 6-8 or 9-12")
                .check(grades == null || !GRADES.matcher(grades).matches() || gradeSpanInOrder(grades), "grades",
                        "must run from the lower grade to the higher, such as PK-5 or 9-12")
                .check(languages.size() <= 10, "languages", "may list at most 10 languages")
                .check(languages.stream().allMatch(l -> LANGUAGE.matcher(l).matches()), "languages",
                        "must be ISO 639 codes such as en, es, vi");
        if (draft.kind() != null && !draft.kind().isBlank() && SiteKind.parse(draft.kind()).isEmpty()) {
            v.check(false, "kind", "must be one of elementary, middle, high, alternative, early-childhood, office");
        }
        for (String field : List.of("name", "address", "phone", "principal")) {
            String value = switch (field) {
                case "name" -> draft.name();
                case "address" -> draft.address();
                case "phone" -> draft.phone();
                default -> draft.principal();
            };
            v.check(value == null || !CONTROL.matcher(value).matches(), field, "must not contain control characters");
        }
        v.throwIfInvalid();
        return new SiteDraft(code, draft.name().trim(), SiteKind.parse(draft.kind()).orElseThrow().code(),
                blankToNull(draft.address()), blankToNull(draft.phone()), blankToNull(draft.principal()), grades,
                languages.stream().distinct().toList());
    }

    /** PK < K < 1 … 12. */
    private static boolean gradeSpanInOrder(String grades) {
        String[] ends = grades.split("-");
        return ends.length == 1 || rank(ends[0]) <= rank(ends[1]);
    }

    private static int rank(String grade) {
        return switch (grade) {
            case "PK" -> -1;
            case "K" -> 0;
            default -> Integer.parseInt(grade);
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
