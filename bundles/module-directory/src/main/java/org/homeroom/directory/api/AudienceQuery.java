package org.homeroom.directory.api;

import java.util.List;

/**
 * Who a message goes to. {@code role}: families (the guardians of the matching students) or staff;
 * {@code sites} and {@code grades} narrow it (null or empty: all); {@code sourcedIds} is a custom list of
 * people (then role, sites and grades still apply). {@code category} decides which contacts may be used
 * (see {@link Consents}).
 */
public record AudienceQuery(String role, List<String> sites, List<String> grades, List<String> sourcedIds, String category) {
}
