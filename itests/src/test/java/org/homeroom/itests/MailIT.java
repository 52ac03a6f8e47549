package org.homeroom.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import org.homeroom.platform.api.mail.MailAttachment;
import org.homeroom.platform.api.mail.MailMessage;
import org.homeroom.platform.api.mail.MailService;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/** The outbox in the real container: Angus Mail found across bundles, a letter delivered over SMTP, the admin view of it. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MailIT extends HomeroomTestSupport {

    private static final String SUBJECT = "Solicitud recibida — año 2026";

    @Inject
    MailService mail;

    @Inject
    ConfigurationAdmin configAdmin;

    @Inject
    BundleContext bundleContext;

    @Configuration
    @Override
    public Option[] config() {
        return OptionUtils.combine(super.config(), TestSmtp.options(TestSmtp.PORT));
    }

    @Before
    public void ready() {
        awaitPlatform();
    }

    @Test
    public void aQueuedLetterIsDeliveredOverSmtpAndShownToAdminsOnly() {
        byte[] pdf = "%PDF-1.4\n%\u00e2\u00e3\n1 0 obj\n<<>>\nendobj\n%%EOF\n".getBytes(StandardCharsets.ISO_8859_1);
        try (TestSmtp smtp = TestSmtp.start(TestSmtp.PORT)) {
            long id = mail.queue(new MailMessage(List.of("ana.itest@example.org"), SUBJECT, "Hola Ana: su solicitud fue recibida — año 2026.",
                    null, "openrecords@district.example", List.of(new MailAttachment("acuse de recibo.pdf", "application/pdf", pdf)),
                    Map.of()), "itest:mail");

            TestSmtp.Received letter = smtp.awaitTo("ana.itest@example.org", 30_000);
            assertEquals(SUBJECT, letter.subject());
            assertEquals("communications@district.example", letter.from());
            assertEquals("Communications Office", letter.fromName());
            assertTrue(letter.text(), letter.text().contains("recibida — año 2026"));
            assertEquals("application/pdf", letter.attachmentTypes().get("acuse de recibo.pdf"));
            assertArrayEquals(pdf, letter.attachments().get("acuse de recibo.pdf"));

            // the worker records the outcome right after the server's answer
            JsonNode sent = await("message " + id + " recorded as sent", 10_000, () -> get("/admin/mail/" + id, "admin"),
                    a -> a.status() == 200 && "sent".equals(a.json().get("state").asText())).json();
            assertEquals(1, sent.get("attempts").asInt());
            assertEquals("itest:mail", sent.get("origin").asText());
            assertTrue(sent.toString(), sent.hasNonNull("sentAt"));

            JsonNode listed = get("/admin/mail?origin=itest:&state=sent", "admin").expect(200).json();
            assertEquals(1, listed.get("total").asInt());
            assertEquals(id, listed.get("items").get(0).get("id").asLong());
            assertEquals("ana.itest@example.org", listed.get("items").get(0).get("to").get(0).asText());

            get("/admin/mail", "comms").problem(403);
            get("/admin/mail", null).problem(401);
            get("/admin/mail/" + id, "comms").problem(403);
            get("/admin/mail/abc", "admin").problem(400);
            get("/admin/mail/987654321", "admin").problem(404);
            get("/admin/mail?state=lost", "admin").problem(422);
            assertTrue(call("POST", "/admin/mail/" + id + "/retry", "admin", null).problem(409).detail().contains("not failed"));
        }
    }

    /** An operator's edit of the settings applies to the next message without restarting the service its users hold. */
    @Test
    public void aSettingsChangeAppliesWithoutRestartingTheService() throws Exception {
        ServiceReference<MailService> before = bundleContext.getServiceReference(MailService.class);
        org.osgi.service.cm.Configuration cfg = configAdmin.getConfiguration("org.homeroom.mail", null);
        Dictionary<String, Object> properties = cfg.getProperties();
        properties.put("fromName", "Oficina de Comunicaciones");
        cfg.update(properties);
        try (TestSmtp smtp = TestSmtp.start(TestSmtp.PORT)) {
            // SCR updates the service's properties once the component has taken the new configuration
            long deadline = System.currentTimeMillis() + 10_000;
            while (!"Oficina de Comunicaciones".equals(bundleContext.getServiceReference(MailService.class).getProperty("fromName"))
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertEquals("the same service, not a re-registration", before.getProperty("service.id"),
                    bundleContext.getServiceReference(MailService.class).getProperty("service.id"));
            mail.queue(MailMessage.text("luis.itest@example.org", "Aviso", "Hola Luis."), "itest:mail");
            assertEquals("Oficina de Comunicaciones", smtp.awaitTo("luis.itest@example.org", 30_000).fromName());
        } finally {
            properties.put("fromName", "Communications Office");
            cfg.update(properties);
        }
    }

    @Test
    public void anInvalidMessageIsRefusedWithTheFieldsNamed() {
        try {
            mail.queue(new MailMessage(List.of("nobody"), "Hola\r\nBcc: evil@example.org", "t", null, null, List.of(), Map.of()), "itest:mail");
            throw new AssertionError("queued an invalid message");
        } catch (org.homeroom.platform.api.ProblemException e) {
            assertEquals(422, e.status());
            assertEquals(List.of("to[0]", "subject"), e.errors().stream().map(org.homeroom.platform.api.FieldError::field).toList());
        }
    }
}
