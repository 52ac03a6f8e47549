package org.homeroom.platform.mail.internal;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.eclipse.angus.activation.MailcapRegistryProviderImpl;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * The thread context class loader for everything that touches Jakarta Mail.
 *
 * <p>Why: jakarta.mail-api finds its implementation ({@code jakarta.mail.Provider},
 * {@code jakarta.mail.util.StreamProvider}, even in the constructors of {@code BodyPart} and
 * {@code Multipart}) and jakarta.activation finds {@code MailcapRegistryProvider} /
 * {@code MimeTypeRegistryProvider} and the {@code META-INF/mailcap} content handlers through
 * {@link java.util.ServiceLoader} and resources of the <em>thread context class loader</em>. In OSGi
 * that loader sees neither Angus bundle (Karaf has no SPI Fly / service loader mediator here), so mail
 * fails with "No provider of jakarta.mail.util.StreamProvider was found". This loader answers classes
 * and resources from the angus-mail and angus-activation bundles; the {@code .class} references
 * below make bnd import their packages. One instance on purpose: activation caches its default
 * {@code CommandMap} per context class loader.
 */
final class MailClassLoader extends ClassLoader {

    static final MailClassLoader INSTANCE = new MailClassLoader(List.of(
            SMTPTransport.class.getClassLoader(), MailcapRegistryProviderImpl.class.getClassLoader()));

    private final List<ClassLoader> delegates;

    private MailClassLoader(List<ClassLoader> delegates) {
        super(null); // JDK classes from the boot loader, everything else from the Angus bundles
        this.delegates = List.copyOf(new LinkedHashSet<>(delegates)); // one loader twice on a flat test class path
    }

    /** Runs {@code work} with this loader as the thread's context class loader. */
    static <T> T call(Callable<T> work) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(INSTANCE);
        try {
            return work.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        for (ClassLoader delegate : delegates) {
            try {
                return delegate.loadClass(name);
            } catch (ClassNotFoundException e) {
                // next
            }
        }
        throw new ClassNotFoundException(name);
    }

    @Override
    protected URL findResource(String name) {
        for (ClassLoader delegate : delegates) {
            URL url = delegate.getResource(name);
            if (url != null) {
                return url;
            }
        }
        return null;
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        // keyed by text: URL.equals may resolve host names
        Map<String, URL> urls = new LinkedHashMap<>();
        for (ClassLoader delegate : delegates) {
            for (URL url : Collections.list(delegate.getResources(name))) {
                urls.putIfAbsent(url.toExternalForm(), url);
            }
        }
        return Collections.enumeration(urls.values());
    }
}
