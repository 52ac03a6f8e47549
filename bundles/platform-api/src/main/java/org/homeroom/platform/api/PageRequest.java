package org.homeroom.platform.api;

/** {@code ?limit=&offset=} of a list request, checked: limit 1–500 (default 50), offset ≥ 0. */
public record PageRequest(int offset, int limit) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    public PageRequest {
        Validation v = new Validation()
                .check(offset >= 0, "offset", "must be 0 or more")
                .check(limit >= 1 && limit <= MAX_LIMIT, "limit", "must be between 1 and " + MAX_LIMIT);
        v.throwIfInvalid();
    }

    /**
     * From raw query parameters that may be absent or not numbers (a 422 naming the parameter, rather
     * than JAX-RS's 404 for a query parameter it cannot convert).
     */
    public static PageRequest parse(String offset, String limit) {
        return of(QueryParams.integer("offset", offset), QueryParams.integer("limit", limit));
    }

    /** From query parameters that may be absent. */
    public static PageRequest of(Integer offset, Integer limit) {
        return new PageRequest(offset == null ? 0 : offset, limit == null ? DEFAULT_LIMIT : limit);
    }
}
