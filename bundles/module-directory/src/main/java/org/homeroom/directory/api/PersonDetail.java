package org.homeroom.directory.api;

import java.util.List;

/** A person with their contact points, the people linked to them (a student's guardians, a guardian's students) and FERPA opt-outs. */
public record PersonDetail(Person person, List<ContactPoint> contacts, List<Person> linked, List<FerpaOptOut> ferpaOptOuts) {
}
