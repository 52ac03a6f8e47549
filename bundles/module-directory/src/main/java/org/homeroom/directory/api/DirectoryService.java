package org.homeroom.directory.api;

import java.nio.file.Path;
import java.util.List;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.osgi.annotation.versioning.ProviderType;

/** The district directory. Every change is audited; nobody and no consent record is ever deleted. */
@ProviderType
public interface DirectoryService {

    /**
     * Syncs a OneRoster 1.1 CSV set (a folder with orgs.csv, users.csv, enrollments.csv, optionally
     * demographics.csv and the district's homeroom_languages.csv): new, changed and removed people are
     * applied, bad rows are skipped and listed. Running the same files again changes nothing.
     */
    ImportReport importOneRoster(Path folder, CurrentUser actor);

    /** A stored import report (with up to 100 of its row errors). */
    ImportReport importReport(long id);

    /**
     * Streams an audience, one {@link Recipient} per active, not deleted contact point, in no particular
     * order. Never holds the whole audience in memory.
     */
    void audience(AudienceQuery query, java.util.function.Consumer<Recipient> each);

    /**
     * Refuses (422, field errors under {@code audience.}) an audience that names a site the platform does
     * not have or a grade that is not a CEDS grade code, before anything is written for it.
     */
    void checkAudience(AudienceQuery query);

    /**
     * Streams the families of a families audience (role, sites, grades and custom list as in
     * {@link #audience}; the category is not used): one {@link FamilyMember} per active student and active
     * guardian, and one with no guardian (null) for a student who has none — or for each guardian of theirs who is
     * no longer active, so a reader must not take a null row to mean the student has no guardian at all — in no
     * particular order.
     */
    void families(AudienceQuery query, java.util.function.Consumer<FamilyMember> each);

    /** Site staff see only people of their sites. */
    Page<Person> people(PeopleQuery query, PageRequest page, CurrentUser viewer);

    PersonDetail person(String sourcedId, CurrentUser viewer);

    /** Records a consent change for a number or address (revoked or granted for the categories, with the basis). */
    List<ConsentRecord> changeConsent(String value, List<String> categories, String state, String basis, String note, String actor);

    /** The consent history of a number or address, oldest first. */
    List<ConsentRecord> consentHistory(String value);

    /**
     * Of these normalised numbers and addresses, the ones a message of {@code category} may not go to now:
     * consent refused (revoked since, or never given for promotional messages) or asked to be deleted. The
     * sender asks just before sending, so an opt-out after planning still stops what was planned.
     */
    java.util.Set<String> refusing(String category, java.util.Collection<String> values);

    /** The family asked the district to delete this number or address: it is deactivated everywhere and kept out of every import. */
    void suppress(String value, String reason, CurrentUser actor);

    /** Records (or renews) a student's FERPA directory-information opt-out. */
    PersonDetail optOut(String studentSourcedId, String scope, java.time.LocalDate renewBy, CurrentUser actor);
}
