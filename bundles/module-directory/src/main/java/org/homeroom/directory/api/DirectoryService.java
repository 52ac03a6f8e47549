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
     * Imports a OneRoster 1.1 CSV set (a folder with manifest.csv, orgs.csv, users.csv, optionally
     * enrollments.csv and the district's homeroom_languages.csv), all or nothing: applied in one
     * transaction, held (see {@link ImportReport}) or refused, never half-applied. manifest.csv says per
     * file whether it is bulk (whoever is absent has left) or delta (only the rows present change); a set
     * without a manifest is read as bulk. Bad rows are skipped and listed. Running the same files again
     * changes nothing; running a correct file after a bad one reactivates whoever the bad one deactivated.
     */
    ImportReport importOneRoster(Path folder, CurrentUser actor);

    /** A stored import report (with up to 100 of its row errors). */
    ImportReport importReport(long id);

    /**
     * Applies a held import after a person has seen its counts per school; its report becomes
     * {@code confirmed}. 409 when the import is not held, or when another import was applied after it
     * (its counts are stale: import the file again).
     *
     * @since 1.3
     */
    default ImportReport confirmImport(long id, CurrentUser actor) {
        throw new UnsupportedOperationException("confirmImport");
    }

    /**
     * The stored import reports, newest first, optionally of one state (applied, held, refused,
     * confirmed), each with up to 100 of its row errors.
     *
     * @since 1.3
     */
    default Page<ImportReport> imports(String state, PageRequest page) {
        throw new UnsupportedOperationException("imports");
    }

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

    /**
     * Site staff see only people of their sites (a guardian: through a student at one of them), and never
     * which other sites a guardian's other children attend.
     */
    Page<Person> people(PeopleQuery query, PageRequest page, CurrentUser viewer);

    /** As {@link #people}: for site staff, a guardian's {@code linked} students are only those at the viewer's sites. */
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
