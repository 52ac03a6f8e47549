package org.homeroom.itests;

import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

import jakarta.mail.Address;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import org.eclipse.angus.activation.MailcapRegistryProviderImpl;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.ops4j.pax.exam.Option;

/**
 * An SMTP server (GreenMail) inside the container under test, and the platform's mail pointed at it.
 *
 * <pre>
 * &#64;Configuration public Option[] config() { return OptionUtils.combine(super.config(), TestSmtp.options(TestSmtp.PORT)); }
 * try (TestSmtp smtp = TestSmtp.start(TestSmtp.PORT)) { …; TestSmtp.Received r = smtp.awaitTo("ana@example.org", 30_000); }
 * </pre>
 *
 * GreenMail and the test code parse mail with the container's Jakarta Mail, which finds Angus only
 * through the thread context class loader (see docs/decisions.md, "Mail in OSGi"): both run under
 * {@link #MAIL_LOADER}.
 */
public final class TestSmtp implements AutoCloseable {

    /** Away from a real SMTP port and from the other itest ports. */
    public static final int PORT = HomeroomTestSupport.port(13025);

    /** One received message, read out of MIME. */
    public record Received(String from, String fromName, List<String> to, String subject, String text, String html,
            Map<String, String> attachmentTypes, Map<String, byte[]> attachments, Map<String, String> headers) {

        /** A header as received (first value, unfolded), or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final GreenMail greenMail;

    private TestSmtp(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    /**
     * Pax Exam options: the GreenMail bundle (from the jar on this build's class path, so its version is
     * the project's) and {@code etc/org.homeroom.mail.cfg} pointing at {@code 127.0.0.1:port} with short retries.
     */
    public static Option[] options(int port) {
        String cfg = "etc/org.homeroom.mail.cfg";
        return new Option[] {
            bundle(GreenMail.class.getProtectionDomain().getCodeSource().getLocation().toString()),
            editConfigurationFilePut(cfg, "transport", "smtp"),
            editConfigurationFilePut(cfg, "host", "127.0.0.1"),
            editConfigurationFilePut(cfg, "port", String.valueOf(port)),
            editConfigurationFilePut(cfg, "security", "none"),
            editConfigurationFilePut(cfg, "connectTimeoutMillis", "2000"),
            editConfigurationFilePut(cfg, "retrySeconds", "1"),
            editConfigurationFilePut(cfg, "pollSeconds", "1"),
        };
    }

    /** Starts GreenMail on {@code 127.0.0.1:port}, inside the container (call it from a test method). */
    public static TestSmtp start(int port) {
        // GreenMail's server and handler threads inherit the context class loader of the thread that creates them
        return new TestSmtp(withMailLoader(() -> {
            GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            server.start();
            return server;
        }));
    }

    /** Every message received so far. */
    public List<Received> received() {
        return withMailLoader(() -> {
            List<Received> out = new ArrayList<>();
            for (MimeMessage m : greenMail.getReceivedMessages()) {
                out.add(read(m));
            }
            return out;
        });
    }

    /** Waits for the first message to {@code address}. */
    public Received awaitTo(String address, long timeoutMillis) {
        return await("a message to " + address, timeoutMillis, r -> r.to().contains(address));
    }

    public Received await(String description, long timeoutMillis, Predicate<Received> wanted) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (System.nanoTime() < deadline) {
            for (Received r : received()) {
                if (wanted.test(r)) {
                    return r;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        fail(description + " did not arrive within " + timeoutMillis + " ms; received: "
                + received().stream().map(r -> r.to() + " " + r.subject()).toList());
        return null;
    }

    @Override
    public void close() {
        greenMail.stop();
    }

    private static Received read(MimeMessage m) throws Exception {
        InternetAddress from = (InternetAddress) m.getFrom()[0];
        List<String> to = new ArrayList<>();
        for (Address a : m.getAllRecipients()) {
            to.add(((InternetAddress) a).getAddress());
        }
        String[] bodies = new String[2];
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        walk(m, bodies, types, bytes);
        Map<String, String> headers = new LinkedHashMap<>();
        for (java.util.Enumeration<jakarta.mail.Header> all = m.getAllHeaders(); all.hasMoreElements(); ) {
            jakarta.mail.Header h = all.nextElement();
            headers.putIfAbsent(h.getName().toLowerCase(java.util.Locale.ROOT), jakarta.mail.internet.MimeUtility.unfold(h.getValue()));
        }
        return new Received(from.getAddress(), from.getPersonal(), to, m.getSubject(), bodies[0], bodies[1], types, bytes, headers);
    }

    private static void walk(Part part, String[] bodies, Map<String, String> types, Map<String, byte[]> bytes) throws Exception {
        if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            types.put(part.getFileName(), part.getContentType().split(";")[0].trim());
            bytes.put(part.getFileName(), part.getInputStream().readAllBytes());
        } else if (part.getContent() instanceof Multipart multi) {
            for (int i = 0; i < multi.getCount(); i++) {
                walk(multi.getBodyPart(i), bodies, types, bytes);
            }
        } else if (part.isMimeType("text/plain") && bodies[0] == null) {
            bodies[0] = (String) part.getContent();
        } else if (part.isMimeType("text/html") && bodies[1] == null) {
            bodies[1] = (String) part.getContent();
        }
    }

    /** Classes and resources of the Angus bundles, for Jakarta Mail's ServiceLoader look-ups. */
    static final ClassLoader MAIL_LOADER = new ClassLoader(null) {
        private final List<ClassLoader> delegates = List.of(SMTPTransport.class.getClassLoader(), MailcapRegistryProviderImpl.class.getClassLoader());

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            for (ClassLoader d : delegates) {
                try {
                    return d.loadClass(name);
                } catch (ClassNotFoundException e) {
                    // next
                }
            }
            throw new ClassNotFoundException(name);
        }

        @Override
        protected URL findResource(String name) {
            return delegates.stream().map(d -> d.getResource(name)).filter(u -> u != null).findFirst().orElse(null);
        }

        @Override
        protected Enumeration<URL> findResources(String name) throws IOException {
            List<URL> urls = new ArrayList<>();
            for (ClassLoader d : delegates) {
                urls.addAll(Collections.list(d.getResources(name)));
            }
            return Collections.enumeration(urls);
        }
    };

    static <T> T withMailLoader(Callable<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(MAIL_LOADER);
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
