package org.homeroom.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.homeroom.platform.api.mail.MailMessage;
import org.homeroom.platform.api.mail.MailService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * "Configuration says what it means": Spanish text written in an etc/*.cfg file the way the shipped files
 * and docs/decisions.md say (\\uXXXX escapes; Karaf reads .cfg files as ISO-8859-1) arrives intact, here a
 * mail sender name edited in etc/org.homeroom.mail.cfg by hand while the platform runs.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConfigurationIT extends HomeroomTestSupport {

    static final String SENDER = "Oficina de Comunicaci\u00f3n y Participaci\u00f3n Familiar \u2014 A\u00f1o Escolar";

    @Inject
    MailService mail;

    @Inject
    BundleContext bundleContext;

    @Configuration
    @Override
    public Option[] config() {
        return OptionUtils.combine(super.config(), TestSmtp.options(TestSmtp.PORT));
    }

    @Test
    public void aSpanishSenderNameWrittenAsTheDocsSayArrivesIntact() throws Exception {
        Path file = Path.of(System.getProperty("karaf.etc"), "org.homeroom.mail.cfg");
        // as an operator edits it: one line changed, written as ASCII with \\u escapes
        String escaped = SENDER.chars().mapToObj(c -> c < 128 ? String.valueOf((char) c) : String.format("\\u%04x", c)).collect(Collectors.joining());
        List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1).stream()
                .map(l -> l.strip().startsWith("fromName") ? "fromName = " + escaped : l).toList();
        assertTrue("the file has a fromName line", lines.contains("fromName = " + escaped));
        Files.write(file, lines, StandardCharsets.US_ASCII);

        // FileInstall reads the file again within a second or two; the mail service shows its sender as a property
        long deadline = System.currentTimeMillis() + 30_000;
        while (!SENDER.equals(bundleContext.getServiceReference(MailService.class).getProperty("fromName")) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(SENDER, bundleContext.getServiceReference(MailService.class).getProperty("fromName"));
        try (TestSmtp smtp = TestSmtp.start(TestSmtp.PORT)) {
            mail.queue(MailMessage.text("rosa.itest@example.org", "Aviso", "Hola Rosa."), "itest:config");
            // read from the message as a mail client reads it (the encoded-word header decoded)
            assertEquals(SENDER, smtp.awaitTo("rosa.itest@example.org", 30_000).fromName());
        }
    }
}
