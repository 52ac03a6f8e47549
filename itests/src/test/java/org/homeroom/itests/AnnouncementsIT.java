package org.homeroom.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.EnumSet;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.karaf.features.FeaturesService;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The sample module through the real container: stored, validated, site-guarded, and hot-redeployed without losing data. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AnnouncementsIT extends HomeroomTestSupport {

    @Override
    @org.ops4j.pax.exam.Configuration
    public org.ops4j.pax.exam.Option[] config() {
        return org.ops4j.pax.exam.OptionUtils.combine(super.config(), OpenRecordsIT.patientProbe());
    }

    static final String FEATURE = "homeroom-announcements";

    @Inject
    FeaturesService features;

    @Before
    public void ready() {
        // the first boot on a loaded machine takes longer than awaitPlatform's minute
        await("health UP", 300_000, () -> get("/health", null), a -> a.status() == 200);
        awaitPlatform();
        call("PUT", "/sites/E01/modules/announcements", "admin", "{\"enabled\":true,\"settings\":{\"defaultDays\":5}}").expect(200);
    }

    @Test
    public void staffPublishBilingualAnnouncementsAndFamiliesReadThem() {
        String draft = "{\"titleEn\":\"Picture day\",\"titleEs\":\"Día de fotos\",\"bodyEn\":\"Friday, wear a smile.\","
                + "\"bodyEs\":\"El viernes, con una sonrisa.\",\"spanishMachineTranslated\":true}";
        JsonNode created = call("POST", "/sites/E01/announcements", "principal", draft).expect(201).json();
        long id = created.get("id").asLong();
        assertEquals("current", created.get("status").asText());
        assertEquals("principal", created.get("createdBy").asText());
        // default window from the site's module setting: 5 days
        assertEquals(java.time.Instant.parse(created.get("publishFrom").asText()).plus(java.time.Duration.ofDays(5)),
                java.time.Instant.parse(created.get("publishUntil").asText()));

        assertEquals("Día de fotos", get("/sites/E01/announcements/" + id, "comms").expect(200).json().get("titleEs").asText());
        assertTrue(get("/sites/E01/announcements?status=current", "principal").expect(200).json().get("total").asInt() >= 1);

        JsonNode families = get("/sites/E01/announcements/public?lang=es", null).expect(200).json();
        JsonNode mine = null;
        for (JsonNode a : families) {
            if (a.get("id").asLong() == id) {
                mine = a;
            }
        }
        assertEquals("El viernes, con una sonrisa.", mine.get("body").asText());
        assertTrue(mine.get("machineTranslated").asBoolean());
        get("/sites/E01/announcements/public?lang=fr", null).problem(422);

        call("PUT", "/sites/E01/announcements/" + id, "comms", draft.replace("Picture day", "Picture day moved")).expect(200);
        assertEquals("Picture day moved", get("/sites/E01/announcements/" + id, "principal").json().get("titleEn").asText());

        assertEquals("withdrawn", call("DELETE", "/sites/E01/announcements/" + id, "principal", null).expect(200).json().get("status").asText());
        assertEquals("withdrawn", get("/sites/E01/announcements/" + id, "principal").expect(200).json().get("status").asText());
        call("PUT", "/sites/E01/announcements/" + id, "principal", draft).problem(409);

        JsonNode audit = get("/audit?entity=announcement&entityId=" + id, "admin").json();
        assertEquals(java.util.List.of("announcement.withdraw", "announcement.update", "announcement.create"),
                audit.get("items").findValuesAsText("action"));
    }

    @Test
    public void theModuleIsGuardedAndValidates() {
        get("/sites/E01/announcements", null).problem(401);
        call("POST", "/sites/E01/announcements", null, "{}").problem(401);
        get("/sites/E02/announcements", "principal").problem(403);
        get("/sites/E01/announcements/999999", "principal").problem(404);
        get("/sites/E01/announcements/abc", "principal").problem(404);
        get("/sites/E01/announcements?status=bogus", "principal").problem(422);
        get("/announcements", "admin").problem(404);

        Answer invalid = call("POST", "/sites/E01/announcements", "principal", "{\"titleEn\":\"Only English\",\"bodyEn\":\"Hi\"}").problem(422);
        assertEquals(java.util.List.of("titleEs", "bodyEs"), invalid.json().get("errors").findValuesAsText("field"));
        call("POST", "/sites/E01/announcements", "principal", "{\"titleEn\":\"A\",\"titleEs\":\"A\",\"bodyEn\":\"B\",\"bodyEs\":\"B\","
                + "\"publishFrom\":\"2026-12-01T00:00:00Z\",\"publishUntil\":\"2026-11-01T00:00:00Z\"}").problem(422);
        call("POST", "/sites/E01/announcements", "principal", "{\"titleEn\":\"A\",\"titleEs\":\"A\",\"bodyEn\":\"B\",\"bodyEs\":\"B\","
                + "\"publishFrom\":\"tomorrow\"}").problem(400);
        call("POST", "/sites/E01/announcements", "principal", "{\"titleEn\":").problem(400);

        // another site's announcement is not reachable through this site
        call("PUT", "/sites/E05/modules/announcements", "admin", "{\"enabled\":true}").expect(200);
        long other = call("POST", "/sites/E05/announcements", "comms",
                "{\"titleEn\":\"E05 only\",\"titleEs\":\"Solo E05\",\"bodyEn\":\"x\",\"bodyEs\":\"x\"}").expect(201).json().get("id").asLong();
        get("/sites/E01/announcements/" + other, "comms").problem(404);
    }

    /** The kit's request helpers through the real stack: 201 with a Location that answers, the browser's language for families. */
    @Test
    public void aCreatedAnnouncementHasALocationAndFamiliesGetTheirBrowsersLanguage() throws Exception {
        java.net.http.HttpResponse<String> created = exchange("POST", "/sites/E01/announcements", "principal",
                "{\"titleEn\":\"Book fair\",\"titleEs\":\"Feria del libro\",\"bodyEn\":\"In the library\",\"bodyEs\":\"En la biblioteca\"}");
        assertEquals(created.body(), 201, created.statusCode());
        long id = JSON.readTree(created.body()).get("id").asLong();
        String location = created.headers().firstValue("Location").orElseThrow();
        assertTrue(location, location.endsWith("/api/sites/E01/announcements/" + id));
        assertEquals("Feria del libro", callUrl("GET", location, "principal", null, "application/json").expect(200).json().get("titleEs").asText());

        JsonNode spanish = JSON.readTree(exchange("GET", "/sites/E01/announcements/public", null, null,
                "Accept-Language", "es-MX,es;q=0.9,en;q=0.8").body());
        JsonNode english = JSON.readTree(exchange("GET", "/sites/E01/announcements/public?lang=en", null, null,
                "Accept-Language", "es-MX").body());
        assertEquals("Feria del libro", find(spanish, id).get("title").asText());
        assertEquals("es", find(spanish, id).get("lang").asText());
        assertEquals("Book fair", find(english, id).get("title").asText());
        // an id that names nothing is a 404 naming the thing
        assertTrue(get("/sites/E01/announcements/abc", "principal").problem(404).detail().contains("announcement 'abc'"));
        // control characters are refused in every text field
        Answer bell = call("POST", "/sites/E01/announcements", "principal",
                "{\"titleEn\":\"Bell\\u0007\",\"titleEs\":\"A\",\"bodyEn\":\"B\",\"bodyEs\":\"B\"}").problem(422);
        assertEquals(java.util.List.of("titleEn"), bell.json().get("errors").findValuesAsText("field"));
    }

    private static JsonNode find(JsonNode list, long id) {
        for (JsonNode a : list) {
            if (a.get("id").asLong() == id) {
                return a;
            }
        }
        throw new AssertionError("announcement " + id + " not in " + list);
    }

    @Test
    public void redeployingTheModuleKeepsItsDataAndTheRestOfThePlatformAnswering() throws Exception {
        long id = call("POST", "/sites/E01/announcements", "principal",
                "{\"titleEn\":\"Kept\",\"titleEs\":\"Guardado\",\"bodyEn\":\"x\",\"bodyEs\":\"x\"}").expect(201).json().get("id").asLong();

        features.uninstallFeature(FEATURE, EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        Answer gone = await("module gone", 30_000, () -> get("/sites/E01/announcements", "principal"), a -> a.status() == 404);
        assertTrue(gone.detail(), gone.detail().contains("announcements"));
        get("/sites/E01", "principal").expect(200);
        // the module's settings stay with the district while it is away
        assertTrue(get("/health", null).expect(200).body().contains("UP"));

        features.installFeature(FEATURE, EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        await("module back", 30_000, () -> get("/sites/E01/announcements/" + id, "principal"), a -> a.status() == 200);
        assertEquals("Guardado", get("/sites/E01/announcements/" + id, "principal").json().get("titleEs").asText());
        assertEquals(5, get("/sites/E01/modules/announcements", "admin").json().get("settings").get("defaultDays").asInt());
    }

    @Test
    public void siteStaffOfE01NeitherReadNorWriteE02sAnnouncements() {
        call("PUT", "/sites/E02/modules/announcements", "admin", "{\"enabled\":true}").expect(200);
        String draft = "{\"titleEn\":\"E02 board visit\",\"titleEs\":\"Visita de la junta E02\",\"bodyEn\":\"Staff only\",\"bodyEs\":\"Solo personal\"}";
        String changed = draft.replace("E02 board visit", "Taken over by E01");
        long e02 = call("POST", "/sites/E02/announcements", "comms", draft).expect(201).json().get("id").asLong();

        // through E02's own address: not a member, for every read and write
        get("/sites/E02/announcements", "principal").problem(403);
        get("/sites/E02/announcements?status=all&q=board", "principal").problem(403);
        get("/sites/E02/announcements/" + e02, "principal").problem(403);
        call("POST", "/sites/E02/announcements", "principal", draft).problem(403);
        call("PUT", "/sites/E02/announcements/" + e02, "principal", changed).problem(403);
        call("DELETE", "/sites/E02/announcements/" + e02, "principal", null).problem(403);
        Answer lower = get("/sites/e02/announcements/" + e02, "principal").problem(404); // another spelling of the code: no way round
        assertFalse(lower.body(), lower.body().contains("E02 board visit"));
        get("/sites/E02/modules/announcements", "principal").problem(403);
        call("PUT", "/sites/E02/modules/announcements", "principal", "{\"enabled\":false}").problem(403);

        // through their own site's address with E02's id: unknown there, read or written
        get("/sites/E01/announcements/" + e02, "principal").problem(404);
        call("PUT", "/sites/E01/announcements/" + e02, "principal", changed).problem(404);
        call("DELETE", "/sites/E01/announcements/" + e02, "principal", null).problem(404);
        String list = get("/sites/E01/announcements?status=all&limit=100", "principal").expect(200).body();
        assertFalse(list, list.contains("E02 board visit"));
        assertEquals(0, get("/sites/E01/announcements?status=all&q=E02%20board", "principal").expect(200).json().get("total").asInt());
        assertFalse(get("/sites/E01/announcements/public", null).expect(200).body().contains("E02 board visit"));

        // E02's announcement is as comms wrote it, and only its creation is audited
        JsonNode stored = get("/sites/E02/announcements/" + e02, "comms").expect(200).json();
        assertEquals("E02 board visit", stored.get("titleEn").asText());
        assertEquals("current", stored.get("status").asText());
        assertEquals(java.util.List.of("announcement.create"),
                get("/audit?entity=announcement&entityId=" + e02, "admin").json().get("items").findValuesAsText("action"));
    }
}
