package org.homeroom.platform.records.internal;

import static org.homeroom.platform.testing.Problems.fields;
import static org.homeroom.platform.testing.Problems.problem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.records.RecordRef;
import org.homeroom.platform.testing.RecordingAuditLog;
import org.homeroom.platform.testing.TestDatabase;
import org.junit.Test;

public class JdbcLinksTest {

    static final CurrentUser COMMS = new CurrentUser("comms", Set.of("comms"));
    static final CurrentUser E01 = new CurrentUser("principal", Set.of("site-staff", "site:E01"));
    static final CurrentUser H01 = new CurrentUser("counselor", Set.of("site-staff", "site:H01"));

    final TestDatabase database = new TestDatabase();
    final RecordingAuditLog audit = new RecordingAuditLog();
    final Resolvers resolvers = new Resolvers();
    final SiteRecords inquiries = new SiteRecords("inquiries");
    final SiteRecords openRecords = new SiteRecords("open-records");
    final JdbcLinks links = new JdbcLinks(database, audit, resolvers, Clock.systemUTC());
    final RecordRef inquiry = inquiries.add("inquiry", "17", "Bus route question", "E01");
    final RecordRef request = openRecords.add("request", "2026-0042", "Request 2026-0042: bus contracts", "E01");
    final RecordRef otherSite = openRecords.add("request", "2026-0043", "Request 2026-0043: H01 budget", "H01");

    {
        resolvers.add(inquiries);
        resolvers.add(openRecords);
    }

    @Test
    public void aLinkIsStoredAuditedAndShownFromBothSides() {
        Link link = links.create(new LinkDraft(inquiry.toString(), request.toString(), "became this request"), E01);
        assertEquals("Request 2026-0042: bus contracts", link.other().title());
        assertEquals(1, count("SELECT COUNT(*) FROM HR_LINK WHERE FROM_REF = 'inquiries:inquiry:17' AND TO_REF = 'open-records:request:2026-0042'"));
        assertEquals(List.of("link.create"), audit.actions());

        LinksOf fromInquiry = links.linksOf(inquiry.toString(), E01);
        assertEquals("Bus route question", fromInquiry.record().title());
        assertEquals(1, fromInquiry.links().size());
        assertEquals("to", fromInquiry.links().get(0).direction());
        assertEquals(request.toString(), fromInquiry.links().get(0).other().ref());
        assertEquals("became this request", fromInquiry.links().get(0).note());

        LinksOf fromRequest = links.linksOf(request.toString(), COMMS);
        assertEquals("from", fromRequest.links().get(0).direction());
        assertEquals("Bus route question", fromRequest.links().get(0).other().title());

        assertEquals(409, problem(() -> links.create(new LinkDraft(request.toString(), inquiry.toString(), null), E01)).status());
    }

    @Test
    public void aRecordTheUserMayNotSeeIsNeitherLinkedNorShown() {
        assertEquals(404, problem(() -> links.create(new LinkDraft(inquiry.toString(), otherSite.toString(), null), E01)).status());
        assertEquals(0, count("SELECT COUNT(*) FROM HR_LINK"));

        links.create(new LinkDraft(inquiry.toString(), otherSite.toString(), null), COMMS);
        links.create(new LinkDraft(inquiry.toString(), request.toString(), null), COMMS);
        // E01 sees the inquiry and its E01 request, not the H01 one
        assertEquals(List.of(request.toString()), links.linksOf(inquiry.toString(), E01).links().stream().map(l -> l.other().ref()).toList());
        // H01 cannot see the inquiry at all: 404 as for an unknown record
        assertEquals(404, problem(() -> links.linksOf(inquiry.toString(), H01)).status());
        assertEquals(2, links.linksOf(inquiry.toString(), COMMS).links().size());
        // nor delete a link whose end they cannot see
        long hidden = links.linksOf(inquiry.toString(), COMMS).links().stream().filter(l -> l.other().ref().equals(otherSite.toString()))
                .findFirst().orElseThrow().id();
        assertEquals(404, problem(() -> links.delete(hidden, E01)).status());
        links.delete(hidden, COMMS);
        assertEquals(1, count("SELECT COUNT(*) FROM HR_LINK"));
        assertTrue(audit.actions().contains("link.delete"));
    }

    @Test
    public void linksOutliveAnUninstalledModuleAndShowOnlyItsReference() {
        links.create(new LinkDraft(inquiry.toString(), request.toString(), null), COMMS);
        resolvers.remove(openRecords); // open records uninstalled
        assertEquals(1, count("SELECT COUNT(*) FROM HR_LINK"));

        Link seenByComms = links.linksOf(inquiry.toString(), COMMS).links().get(0);
        assertFalse(seenByComms.other().installed());
        assertNull("no title of a record nobody can check", seenByComms.other().title());
        assertEquals("module not installed", seenByComms.other().status());
        assertEquals(request.toString(), seenByComms.other().ref());
        // site staff cannot be checked against the absent module: they are shown nothing of it
        assertTrue(links.linksOf(inquiry.toString(), E01).links().isEmpty());
        assertEquals(404, problem(() -> links.linksOf(request.toString(), E01)).status());
        // and nothing new is linked to a record nobody can check
        assertEquals(Set.of("to"), fields(problem(() -> links.create(new LinkDraft(inquiry.toString(), "open-records:request:2026-0099", null), COMMS))));

        resolvers.add(openRecords); // installed again: the link is whole again
        assertEquals("Request 2026-0042: bus contracts", links.linksOf(inquiry.toString(), E01).links().get(0).other().title());
    }

    @Test
    public void badReferencesAreRefusedNamingTheField() {
        assertEquals(Set.of("from"), fields(problem(() -> links.create(new LinkDraft("not a ref", request.toString(), null), COMMS))));
        assertEquals(Set.of("to"), fields(problem(() -> links.create(new LinkDraft(request.toString(), null, null), COMMS))));
        assertEquals(Set.of("to"), fields(problem(() -> links.create(new LinkDraft(request.toString(), request.toString(), null), COMMS))));
        assertEquals(Set.of("note"), fields(problem(() -> links.create(new LinkDraft(inquiry.toString(), request.toString(), "a\u0007b"), COMMS))));
        assertEquals(Set.of("ref"), fields(problem(() -> links.linksOf("Inquiries:x:1", COMMS))));
        assertEquals(0, count("SELECT COUNT(*) FROM HR_LINK"));
        assertTrue(audit.entries.isEmpty());
    }

    @Test
    public void modulesLinkInsideTheirOwnTransactionAndTwiceIsOnce() {
        long first = database.inTransaction(c -> links.link(c, inquiry, request, "inquiries"));
        long again = database.inTransaction(c -> links.link(c, request, inquiry, "inquiries"));
        assertEquals(first, again);
        assertEquals(1, count("SELECT COUNT(*) FROM HR_LINK"));
        // a transaction that fails takes its link with it
        try {
            database.inTransaction(c -> {
                links.link(c, inquiry, otherSite, "inquiries");
                throw new IllegalStateException("the module's own write failed");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }
        assertEquals(1, count("SELECT COUNT(*) FROM HR_LINK"));
    }

    int count(String sql) {
        return database.read(c -> {
            try (var ps = c.prepareStatement(sql); var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }
}
