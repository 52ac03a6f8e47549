package org.homeroom.platform.records.internal;

import static org.homeroom.platform.records.internal.JdbcLinksTest.COMMS;
import static org.homeroom.platform.records.internal.JdbcLinksTest.E01;
import static org.homeroom.platform.records.internal.JdbcLinksTest.H01;
import static org.homeroom.platform.testing.Problems.fields;
import static org.homeroom.platform.testing.Problems.problem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import org.homeroom.platform.api.records.RecordRef;
import org.homeroom.platform.testing.RecordingAuditLog;
import org.homeroom.platform.testing.TestDatabase;
import org.junit.Test;

public class JdbcGoalsTest {

    final TestDatabase database = new TestDatabase();
    final RecordingAuditLog audit = new RecordingAuditLog();
    final Resolvers resolvers = new Resolvers();
    final SiteRecords events = new SiteRecords("events");
    final SiteRecords messaging = new SiteRecords("messaging");
    final JdbcGoals goals = new JdbcGoals(database, audit, resolvers, Clock.systemUTC());
    final RecordRef fair = events.add("event", "5", "College fair", "H01");
    final RecordRef letter = messaging.add("message", "9", "Reading night letter", "E01");

    {
        resolvers.add(events);
        resolvers.add(messaging);
    }

    @Test
    public void thePlanIsABilingualVocabularyTheOfficeEdits() {
        Goal literacy = goals.create(new GoalDraft("  Every student reads on grade level by third grade ", "Todos leen al nivel de su grado en tercero", "Goal"), COMMS);
        assertEquals("Every student reads on grade level by third grade", literacy.name());
        assertEquals("goal", literacy.kind());
        goals.create(new GoalDraft("Third-grade reading scores", "Resultados de lectura en tercero", "indicator"), COMMS);
        goals.create(new GoalDraft("No cuts to counselors", "Sin recortes de consejeros", "guardrail"), COMMS);
        assertEquals(List.of("goal", "guardrail", "indicator"), goals.list(null).stream().map(Goal::kind).toList());
        assertEquals(1, goals.list("indicator").size());

        Goal renamed = goals.update(literacy.id(), new GoalDraft("Every student reads by third grade", "Todos leen en tercero", "goal"), COMMS);
        assertEquals("Todos leen en tercero", goals.get(literacy.id()).nameEs());
        assertTrue(renamed.updatedAt().compareTo(literacy.createdAt()) >= 0);
        assertEquals(List.of("goal.create", "goal.create", "goal.create", "goal.update"), audit.actions());

        assertEquals(409, problem(() -> goals.create(new GoalDraft("every student reads BY third grade", "x", "goal"), COMMS)).status());
        assertEquals(404, problem(() -> goals.get(999)).status());
    }

    @Test
    public void invalidGoalsAreRefusedNamingEveryField() {
        assertEquals(Set.of("kind", "name", "nameEs"), fields(problem(() -> goals.create(new GoalDraft(" ", null, "aspiration"), COMMS))));
        assertEquals(Set.of("name"), fields(problem(() -> goals.create(new GoalDraft("x".repeat(201), "y", "goal"), COMMS))));
        assertEquals(Set.of("nameEs"), fields(problem(() -> goals.create(new GoalDraft("Safe schools", "Escuelas\nseguras", "goal"), COMMS))));
        assertEquals(Set.of("kind"), fields(problem(() -> goals.list("plan"))));
        assertTrue(goals.list(null).isEmpty());
    }

    @Test
    public void recordsOfEveryModuleAreTaggedAndListedAsFarAsTheUserMaySee() {
        Goal goal = goals.create(new GoalDraft("Family engagement", "Participación familiar", "goal"), COMMS);
        goals.tag(goal.id(), new TagDraft(fair.toString()), COMMS);
        goals.tag(goal.id(), new TagDraft(letter.toString()), E01);
        assertEquals(409, problem(() -> goals.tag(goal.id(), new TagDraft(letter.toString()), COMMS)).status());
        // site staff tag only what they may see
        assertEquals(404, problem(() -> goals.tag(goal.id(), new TagDraft(fair.toString()), E01)).status());
        assertEquals(Set.of("ref"), fields(problem(() -> goals.tag(goal.id(), new TagDraft("events:event"), COMMS))));

        assertEquals(Set.of(fair.toString(), letter.toString()), Set.copyOf(goals.records(goal.id(), COMMS).stream().map(t -> t.record().ref()).toList()));
        assertEquals(List.of("Reading night letter"), goals.records(goal.id(), E01).stream().map(t -> t.record().title()).toList());
        assertEquals(List.of("College fair"), goals.records(goal.id(), H01).stream().map(t -> t.record().title()).toList());

        resolvers.remove(events); // events uninstalled: the tag stays, comms see its reference only
        GoalTag kept = goals.records(goal.id(), COMMS).stream().filter(t -> t.record().ref().equals(fair.toString())).findFirst().orElseThrow();
        assertFalse(kept.record().installed());
        assertEquals(null, kept.record().title());
        assertTrue(goals.records(goal.id(), H01).isEmpty());

        goals.untag(goal.id(), letter.toString(), E01);
        assertEquals(1, goals.records(goal.id(), COMMS).size());
        assertEquals(404, problem(() -> goals.untag(goal.id(), letter.toString(), E01)).status());
        assertEquals(List.of("goal.create", "goal.tag", "goal.tag", "goal.untag"), audit.actions());
    }
}
