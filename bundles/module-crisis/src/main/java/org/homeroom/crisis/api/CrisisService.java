package org.homeroom.crisis.api;

import java.util.List;
import java.util.Optional;

import org.homeroom.platform.api.CurrentUser;
import org.osgi.annotation.versioning.ProviderType;

/** Crisis incidents; every change is logged on the incident and audited. Callers check who may act. */
@ProviderType
public interface CrisisService {

    /** Newest first; {@code site} non-null: that site's incidents and the district-wide ones; {@code status} optional. */
    List<Incident> list(String site, String status);

    Optional<Incident> find(long id);

    /** 422 naming the field for an unknown type, severity, action, role or site. */
    Incident open(IncidentDraft draft, CurrentUser actor);

    /** Changes the SRP action (logged with the previous one); 409 when closed. */
    Incident changeAction(long id, String action, String note, CurrentUser actor);

    /** open ⇄ contained → closed (closing lifts the hold and clears the banner); 409 for any other transition. */
    Incident changeStatus(long id, String status, String note, CurrentUser actor);

    Incident addLog(long id, String entry, CurrentUser actor);

    Incident assignRole(long id, String role, String user, CurrentUser actor);

    /** Starts a communications hold for the incident's sites (the district when none); 409 if one is active or it is closed. */
    Incident startHold(long id, String reason, CurrentUser actor);

    /** Lifts the incident's hold, one logged action; 409 when none is active. */
    Incident liftHold(long id, String reason, CurrentUser actor);

    /** Publishes (both texts) or clears (both null) the website banner; 409 when closed. */
    Incident banner(long id, String en, String es, CurrentUser actor);

    /** Incidents not closed with a banner, newest first. */
    List<Incident> banners();

    /** Records a FERPA health-or-safety disclosure (threat, recipient, information all required); audited. */
    Disclosure recordDisclosure(long id, String threat, String recipient, String information, CurrentUser actor);

    /** The incident's disclosures, oldest first. */
    List<Disclosure> disclosures(long id);
}
