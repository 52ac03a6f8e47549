package org.homeroom.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The district-scoped events module and the remaining admin endpoints, over HTTP. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EventsAndAdminIT extends HomeroomTestSupport {

    @Override
    @org.ops4j.pax.exam.Configuration
    public org.ops4j.pax.exam.Option[] config() {
        return org.ops4j.pax.exam.OptionUtils.combine(super.config(), OpenRecordsIT.patientProbe());
    }

    @Before
    public void ready() {
        // the first boot on a loaded machine takes longer than awaitPlatform's minute
        await("health UP", 300_000, () -> get("/health", null), a -> a.status() == 200);
        awaitPlatform();
        await("events running", 60_000, () -> get("/events", "comms"), a -> a.status() == 200);
    }

    private static String event(String title, Instant start, String audience) {
        return "{\"titleEn\":\"" + title + "\",\"titleEs\":\"" + title + " (es)\",\"descriptionEn\":\"Come!\",\"descriptionEs\":\"¡Vengan!\","
                + "\"startsAt\":\"" + start + "\",\"endsAt\":\"" + start.plus(2, ChronoUnit.HOURS) + "\",\"location\":\"Central gym\","
                + "\"siteCodes\":[\"h01\"],\"audience\":\"" + audience + "\"}";
    }

    @Test
    public void theCommsOfficePublishesDistrictEvents() {
        Instant start = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        JsonNode created = call("POST", "/events", "comms", event("Enrollment night", start, "families")).expect(201).json();
        long id = created.get("id").asLong();
        assertEquals(List.of("H01"), PlatformIT.texts(created.get("siteCodes")));
        assertEquals("scheduled", created.get("status").asText());

        // an H01 event is not the business of E01's staff (see siteStaffOfE01SeeTheirOwnAndDistrictWideEventsOnly)
        get("/events/" + id, "principal").problem(404);
        assertTrue(get("/events?q=enrollment&site=H01", "comms").expect(200).json().get("total").asInt() >= 1);
        call("PUT", "/events/" + id, "comms", event("Enrollment night moved", start, "families")).expect(200);
        assertEquals("Enrollment night moved", get("/events/" + id, "comms").json().get("titleEn").asText());

        JsonNode publicList = get("/events/public?lang=es", null).expect(200).json();
        assertTrue(publicList.toString(), publicList.toString().contains("Enrollment night moved (es)"));

        assertEquals("cancelled", call("POST", "/events/" + id + "/cancel", "comms", "{\"reason\":\"Storm warning\"}").expect(200)
                .json().get("status").asText());
        assertEquals("Storm warning", get("/events/" + id, "comms").json().get("cancelledReason").asText());
        call("PUT", "/events/" + id, "comms", event("Too late", start, "families")).problem(409);
        assertTrue(!get("/events/public", null).body().contains("Enrollment night moved"));

        List<String> actions = get("/audit?entity=event&entityId=" + id, "admin").json().get("items").findValuesAsText("action");
        assertEquals(List.of("event.cancel", "event.update", "event.create"), actions);
    }

    @Test
    public void eventsAreGuardedAndValidated() {
        Instant start = Instant.now().plus(1, ChronoUnit.DAYS);
        call("POST", "/events", "principal", event("Not mine to make", start, "families")).problem(403);
        call("POST", "/events", null, event("Anonymous", start, "families")).problem(401);
        get("/events", null).problem(401);
        get("/events/999999", "comms").problem(404);
        Answer invalid = call("POST", "/events", "comms", "{\"titleEn\":\"Only English\"}").problem(422);
        assertTrue(invalid.json().get("errors").findValuesAsText("field").containsAll(List.of("titleEs", "startsAt")));
        call("POST", "/events", "comms", event("Bad audience", start, "martians")).problem(422);
        call("POST", "/events/1/cancel", "comms", "{}").problem(422);
        get("/sites/E01/events", "comms").problem(404);
    }

    @Test
    public void adminsSeeModuleDefaultsOperationsAndCanBackUp() {
        JsonNode defaults = get("/admin/modules/announcements/defaults", "admin").expect(200).json();
        assertEquals("*", defaults.get("site").asText());
        get("/admin/modules/payroll/defaults", "admin").problem(404);
        get("/admin/modules/announcements/defaults", "comms").problem(403);
        call("PUT", "/admin/modules/announcements/defaults", "admin", "{\"colour\":1}").problem(400);

        String opId = call("POST", "/admin/modules/events/update", "admin", null).expect(202).json().get("id").asText();
        await("update done", 30_000, () -> get("/admin/operations/" + opId, "admin"), a -> "succeeded".equals(a.json().get("state").asText()));
        assertTrue(get("/admin/operations", "admin").expect(200).body().contains(opId));
        await("events back", 30_000, () -> get("/events", "comms"), a -> a.status() == 200);

        Answer backup = call("POST", "/admin/backups", "admin", null).expect(201);
        assertTrue(backup.body(), backup.json().get("folder").asText().contains("homeroom-"));
        assertTrue(java.nio.file.Files.isDirectory(java.nio.file.Path.of(backup.json().get("folder").asText(), "homeroom")));
        call("POST", "/admin/backups", "comms", null).problem(403);
        assertEquals("database.backup", get("/audit?entity=database&limit=1", "admin").json().get("items").get(0).get("action").asText());

        assertEquals("UP", get("/health/ping", null).expect(200).json().get("status").asText());
    }

    /** An event for these sites (none: district-wide). */
    private static String eventAt(String title, Instant start, String audience, String... sites) {
        return event(title, start, audience).replace("[\"h01\"]", "[" + String.join(",", java.util.Arrays.stream(sites).map(s -> "\"" + s + "\"").toList()) + "]");
    }

    @Test
    public void siteStaffOfE01SeeTheirOwnAndDistrictWideEventsOnly() {
        Instant start = Instant.now().plus(5, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        long e02 = call("POST", "/events", "comms", eventAt("E02 staff meeting", start, "staff", "E02")).expect(201).json().get("id").asLong();
        long e01 = call("POST", "/events", "comms", eventAt("E01 staff meeting", start, "staff", "E01")).expect(201).json().get("id").asLong();
        long district = call("POST", "/events", "comms", eventAt("District staff day", start, "staff")).expect(201).json().get("id").asLong();

        // read: another site's event is unknown to them; theirs and the district's are there
        get("/events/" + e02, "principal").problem(404);
        assertEquals("E01 staff meeting", get("/events/" + e01, "principal").expect(200).json().get("titleEn").asText());
        assertEquals("District staff day", get("/events/" + district, "principal").expect(200).json().get("titleEn").asText());
        assertEquals("E02 staff meeting", get("/events/" + e02, "comms").expect(200).json().get("titleEn").asText());

        // list and search: E02's never appears, asking for E02 is refused
        String mine = get("/events?q=staff&limit=100", "principal").expect(200).body();
        assertTrue(mine, mine.contains("E01 staff meeting") && mine.contains("District staff day"));
        assertFalse(mine, mine.contains("E02 staff meeting"));
        assertEquals(0, get("/events?q=E02%20staff", "principal").expect(200).json().get("total").asInt());
        get("/events?site=E02", "principal").problem(403);
        get("/events?site=e02", "principal").problem(403);
        assertTrue(get("/events?site=E02&q=E02%20staff", "comms").expect(200).json().get("total").asInt() >= 1);

        // write: never, at any site
        call("PUT", "/events/" + e02, "principal", eventAt("Moved by E01", start, "staff", "E02")).problem(403);
        call("POST", "/events/" + e02 + "/cancel", "principal", "{\"reason\":\"E01 says so\"}").problem(403);
        call("POST", "/events", "principal", eventAt("E02 by E01", start, "staff", "E02")).problem(403);
        JsonNode stored = get("/events/" + e02, "comms").json();
        assertEquals("E02 staff meeting", stored.get("titleEn").asText());
        assertEquals("scheduled", stored.get("status").asText());
        // staff events never reach the public list
        assertFalse(get("/events/public", null).expect(200).body().contains("E02 staff meeting"));
    }

    /**
     * The district calendar: anyone signed in reads it, the administrator adds and removes closures, and
     * open records' next deadlines move with a stored closure.
     */
    @Test
    public void theAdminEditsTheDistrictCalendarAndOpenRecordsDeadlinesFollowIt() throws Exception {
        await("open records running", 60_000, () -> get("/open-records/requests", "comms"), a -> a.status() == 200);
        get("/calendar", null).problem(401);
        JsonNode calendar = get("/calendar", "principal").expect(200).json();
        assertEquals("America/Chicago", calendar.get("zone").asText());
        assertEquals("[\"SATURDAY\",\"SUNDAY\"]", calendar.get("weekend").toString());
        String today = calendar.get("today").asText();
        String ackBy = get("/calendar/business-days?from=" + today + "&add=3", "comms").expect(200).json().get("date").asText();
        String intake = "{\"name\":\"Sam Vendor\",\"email\":\"sam@example.com\",\"requesterType\":\"vendor\","
                + "\"description\":\"Copier leases\",\"commercialPurpose\":false,\"language\":\"en\"}";
        assertEquals(ackBy, call("POST", "/open-records/requests", null, intake).expect(201).json().get("acknowledgeBy").asText());

        String closure = "{\"date\":\"" + ackBy + "\",\"kind\":\"closure\",\"nameEn\":\"Ice storm\",\"nameEs\":\"Tormenta de hielo\"}";
        call("POST", "/calendar/days", "comms", closure).problem(403);
        java.net.http.HttpResponse<String> created = exchange("POST", "/calendar/days", "admin", closure);
        assertEquals(created.body(), 201, created.statusCode());
        long id = JSON.readTree(created.body()).get("id").asLong();
        String location = created.headers().firstValue("Location").orElseThrow();
        assertTrue(location, location.endsWith("/api/calendar/days/" + id));
        assertEquals("Tormenta de hielo", callUrl("GET", location, "principal", null, "application/json").expect(200).json().get("nameEs").asText());
        assertTrue(call("POST", "/calendar/days", "admin", closure).problem(409).detail().contains(ackBy));
        Answer bad = call("POST", "/calendar/days", "admin", "{\"date\":\"2027-01-04\",\"kind\":\"vacation\",\"nameEn\":\"\",\"nameEs\":\"x\"}").problem(422);
        assertEquals(java.util.List.of("kind", "nameEn"), bad.json().get("errors").findValuesAsText("field"));
        call("POST", "/calendar/days", "admin", "{\"date\":\"soon\",\"kind\":\"closure\",\"nameEn\":\"x\",\"nameEs\":\"x\"}").problem(400);
        get("/calendar/business-days?from=" + today + "&add=many", "comms").problem(422);

        String moved = get("/calendar/business-days?from=" + today + "&add=3", "comms").json().get("date").asText();
        assertTrue(moved + " after " + ackBy, java.time.LocalDate.parse(moved).isAfter(java.time.LocalDate.parse(ackBy)));
        assertEquals(moved, call("POST", "/open-records/requests", null, intake).expect(201).json().get("acknowledgeBy").asText());
        assertTrue(get("/calendar?from=" + ackBy + "&to=" + ackBy, "principal").json().get("days").toString().contains("Ice storm"));
        assertEquals("calendar.day.add", get("/audit?entity=calendar-day&entityId=" + id, "admin").json().get("items").get(0).get("action").asText());

        call("DELETE", "/calendar/days/" + id, "comms", null).problem(403);
        assertEquals(204, call("DELETE", "/calendar/days/" + id, "admin", null).status());
        get("/calendar/days/" + id, "principal").problem(404);
        assertEquals(ackBy, get("/calendar/business-days?from=" + today + "&add=3", "comms").json().get("date").asText());
    }
}
