package org.homeroom.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The call centre through the distribution: a Spanish web inquiry routed to a school, answered there in Spanish, closed. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class InquiriesIT extends HomeroomTestSupport {

    static final String E02_STAFF = "teacher-e02";

    @Override
    @Configuration
    public Option[] config() {
        return OptionUtils.combine(OptionUtils.combine(super.config(), TestSmtp.options(TestSmtp.PORT)),
                editConfigurationFilePut("etc/users.properties", E02_STAFF, E02_STAFF + ", site-staff, site:E02"),
                editConfigurationFilePut("etc/org.homeroom.rest.cfg", "rateLimits", "inquiries-public=1000"),
                OpenRecordsIT.patientProbe());
    }

    @Before
    public void ready() {
        awaitPlatform();
        await("inquiries routed", 60_000, () -> get("/inquiries/topics", "comms"), a -> a.status() == 200);
    }

    @Test
    public void aSpanishWebInquiryIsRoutedToASchoolAnsweredThereInSpanishAndClosed() {
        call("PUT", "/inquiries/topics/enrollment", "comms", "{\"nameEn\":\"Enrollment\",\"nameEs\":\"Inscripción\",\"team\":\"front-office\","
                + "\"site\":\"E01\",\"firstResponseHours\":2,\"resolveHours\":16,\"answerEn\":\"Bring proof of address.\","
                + "\"answerEs\":\"Traiga un comprobante de domicilio.\"}").expect(200);
        call("PUT", "/inquiries/topics/enrollment", "principal", "{\"nameEn\":\"x\",\"nameEs\":\"x\",\"team\":\"x\"}").problem(403);
        try (TestSmtp smtp = TestSmtp.start(TestSmtp.PORT)) {
            JsonNode created = call("POST", "/inquiries/public", null, "{\"name\":\"María López\",\"email\":\"maria.inq@example.org\",\"phone\":null,"
                    + "\"language\":\"es\",\"message\":\"¿Cómo inscribo a mi hijo?\",\"site\":null,\"topic\":\"enrollment\"}").expect(201).json();
            long id = created.get("id").asLong();
            assertEquals("es", created.get("language").asText());
            assertTrue(created.toString(), created.get("message").asText().startsWith("Gracias"));
            assertEquals("Recibimos su mensaje #" + id, smtp.awaitTo("maria.inq@example.org", 60_000).subject());

            JsonNode inquiry = get("/inquiries/" + id, "principal").expect(200).json();
            assertEquals("E01", inquiry.get("inquiry").get("site").asText());
            assertEquals("front-office", inquiry.get("inquiry").get("team").asText());
            assertEquals("web", inquiry.get("inquiry").get("channel").asText().toLowerCase());
            assertTrue(inquiry.get("identityCheck").isNull());

            // the school answers from the template (the topic's answer), in Spanish
            JsonNode note = call("POST", "/inquiries/" + id + "/reply", "principal", null).expect(200).json();
            assertTrue(note.get("toRequester").asBoolean());
            String subject = "Re: Inscripción (#" + id + ")";
            TestSmtp.Received answer = smtp.await(subject, 60_000, r -> subject.equals(r.subject()));
            assertTrue(answer.text(), answer.text().contains("Traiga un comprobante de domicilio."));
            assertTrue(get("/inquiries/" + id, "principal").json().get("inquiry").hasNonNull("firstResponseAt"));

            // another school's staff neither see nor act on it
            get("/inquiries/" + id, E02_STAFF).problem(404);
            assertEquals(0, get("/inquiries", E02_STAFF).expect(200).json().get("total").asInt());
            call("POST", "/inquiries/" + id + "/state", E02_STAFF, "{\"state\":\"closed\"}").problem(404);

            call("POST", "/inquiries/" + id + "/state", "principal", "{\"state\":\"lost\"}").problem(422);
            assertEquals("closed", call("POST", "/inquiries/" + id + "/state", "principal", "{\"state\":\"closed\"}").expect(200).json()
                    .get("state").asText());
            call("POST", "/inquiries/" + id + "/state", "principal", "{\"state\":\"waiting\"}").problem(409);
        }
    }

    @Test
    public void badWebFormsAreRefusedNamingTheFieldAndStoreNothing() {
        long before = get("/inquiries", "comms").expect(200).json().get("total").asLong();
        JsonNode p = call("POST", "/inquiries/public", null, "{\"name\":\"Al\",\"language\":\"es\",\"message\":\"hola\"}").problem(422).json();
        assertTrue(p.toString(), p.toString().contains("\"email\""));
        call("POST", "/inquiries/public", null, "{\"name\":\"Al\",\"email\":\"al@example.org\",\"message\":\"hola\",\"topic\":\"nope\"}").problem(422);
        call("POST", "/inquiries/public", null, "{\"name\":\"Al\",\"email\":\"al@example.org\",\"message\":\"hola\",\"site\":\"ZZZ\"}").problem(422);
        get("/inquiries", null).problem(401);
        assertEquals(before, get("/inquiries", "comms").expect(200).json().get("total").asLong());
    }
}
