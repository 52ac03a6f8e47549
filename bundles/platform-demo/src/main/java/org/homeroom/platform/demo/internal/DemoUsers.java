package org.homeroom.platform.demo.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import javax.security.auth.login.AppConfigurationEntry;

import org.apache.karaf.jaas.config.JaasRealm;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DEMO ONLY: the demo users (password = name, {@code demo/users.properties}) exist while this bundle runs,
 * and only then. They are never written into {@code etc/users.properties}: this component registers a
 * "karaf" realm ranked above Karaf's own, made of Karaf's own login modules plus one more properties
 * module reading the demo users from this bundle's data folder. Uninstall {@code homeroom-demo} (or never
 * install it) and Karaf's realm is the "karaf" realm again, with no user of a known password; nothing is
 * left behind, not even after a crash.
 */
@Component(immediate = true, service = {})
public class DemoUsers {

    private static final Logger LOG = LoggerFactory.getLogger(DemoUsers.class);
    static final String REALM = "karaf";
    static final String PROPERTIES_MODULE = "org.apache.karaf.jaas.modules.properties.PropertiesLoginModule";
    /** ProxyLoginModule's option naming the real login module class. */
    static final String MODULE_OPTION = "org.apache.karaf.jaas.module";
    /** Marks our own realm, so that the reference below never sees it. */
    static final String DEMO_PROPERTY = "homeroom.demo";

    private final ServiceRegistration<JaasRealm> registration;

    @Activate
    public DemoUsers(BundleContext context,
            @Reference(target = "(!(" + DEMO_PROPERTY + "=true))", cardinality = ReferenceCardinality.AT_LEAST_ONE, policyOption = ReferencePolicyOption.GREEDY) List<JaasRealm> realms) {
        JaasRealm karaf = realms.stream().filter(r -> REALM.equals(r.getName()))
                .max((a, b) -> Integer.compare(a.getRank(), b.getRank()))
                .orElseThrow(() -> new IllegalStateException("Karaf's \"karaf\" JAAS realm is not registered"));
        Path users = context.getDataFile("demo-users.properties").toPath();
        copyDemoUsers(users);
        JaasRealm demo = withDemoUsers(karaf, users);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(DEMO_PROPERTY, "true");
        registration = context.registerService(JaasRealm.class, demo, properties);
        LOG.warn("DEMO USERS: admin, comms and principal (password = name) can sign in. Remove the homeroom-demo feature for real use.");
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }

    /** Karaf's realm with one more entry: the same properties module, reading the demo users file. */
    static JaasRealm withDemoUsers(JaasRealm karaf, Path users) {
        AppConfigurationEntry[] entries = karaf.getEntries();
        AppConfigurationEntry properties = null;
        for (AppConfigurationEntry e : entries) {
            if (PROPERTIES_MODULE.equals(e.getOptions().get(MODULE_OPTION)) || PROPERTIES_MODULE.equals(e.getLoginModuleName())) {
                properties = e;
                break;
            }
        }
        if (properties == null) {
            throw new IllegalStateException("Karaf's realm has no properties login module to serve the demo users");
        }
        Map<String, Object> options = new HashMap<>(properties.getOptions());
        options.put("users", users.toString());
        List<AppConfigurationEntry> all = new ArrayList<>(List.of(entries));
        // optional, like every entry of Karaf's realm: signing in needs one module to accept the user
        all.add(0, new AppConfigurationEntry(properties.getLoginModuleName(), AppConfigurationEntry.LoginModuleControlFlag.OPTIONAL, options));
        return new Realm(karaf.getName(), karaf.getRank() + 1, all.toArray(AppConfigurationEntry[]::new));
    }

    private static void copyDemoUsers(Path target) {
        try (InputStream in = DemoUsers.class.getResourceAsStream("/demo/users.properties")) {
            Files.createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("demo/users.properties could not be copied to " + target, e);
        }
    }

    private record Realm(String name, int rank, AppConfigurationEntry[] entries) implements JaasRealm {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public int getRank() {
            return rank;
        }

        @Override
        public AppConfigurationEntry[] getEntries() {
            return entries.clone();
        }
    }
}
