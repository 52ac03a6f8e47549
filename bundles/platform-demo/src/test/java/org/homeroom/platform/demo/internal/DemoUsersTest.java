package org.homeroom.platform.demo.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;

import org.apache.karaf.jaas.config.JaasRealm;
import org.junit.Test;

public class DemoUsersTest {

    private static final String PROXY = "org.apache.karaf.jaas.boot.ProxyLoginModule";

    /** Karaf's realm as KarafRealm builds it: proxy entries naming the real module, all optional. */
    private static JaasRealm karaf() {
        AppConfigurationEntry properties = new AppConfigurationEntry(PROXY, LoginModuleControlFlag.OPTIONAL,
                Map.of(DemoUsers.MODULE_OPTION, DemoUsers.PROPERTIES_MODULE, "org.apache.karaf.jaas.bundle", "42", "users", "/karaf/etc/users.properties"));
        AppConfigurationEntry keys = new AppConfigurationEntry(PROXY, LoginModuleControlFlag.OPTIONAL,
                Map.of(DemoUsers.MODULE_OPTION, "org.apache.karaf.jaas.modules.publickey.PublickeyLoginModule", "users", "/karaf/etc/keys.properties"));
        AppConfigurationEntry[] entries = {properties, keys};
        return new JaasRealm() {
            public String getName() { return "karaf"; }
            public int getRank() { return 0; }
            public AppConfigurationEntry[] getEntries() { return entries; }
        };
    }

    @Test
    public void theDemoRealmIsKarafsRealmPlusTheDemoUsersFileRankedAboveIt() {
        JaasRealm karaf = karaf();
        JaasRealm demo = DemoUsers.withDemoUsers(karaf, Path.of("/data/demo-users.properties"));
        assertEquals("karaf", demo.getName());
        assertEquals(1, demo.getRank());
        AppConfigurationEntry[] entries = demo.getEntries();
        assertEquals(3, entries.length);
        AppConfigurationEntry first = entries[0];
        assertEquals(PROXY, first.getLoginModuleName());
        assertEquals(LoginModuleControlFlag.OPTIONAL, first.getControlFlag());
        assertEquals(DemoUsers.PROPERTIES_MODULE, first.getOptions().get(DemoUsers.MODULE_OPTION));
        assertEquals("42", first.getOptions().get("org.apache.karaf.jaas.bundle"));
        assertEquals("/data/demo-users.properties", first.getOptions().get("users"));
        // Karaf's own entries are kept unchanged: users of etc/users.properties still sign in
        assertSame(karaf.getEntries()[0], entries[1]);
        assertSame(karaf.getEntries()[1], entries[2]);
    }

    @Test
    public void theDemoUsersAreTheDocumentedOnes() throws IOException {
        Properties users = new Properties();
        try (InputStream in = DemoUsers.class.getResourceAsStream("/demo/users.properties")) {
            users.load(in);
        }
        assertEquals(3, users.size());
        assertTrue(users.getProperty("admin").startsWith("admin, admin, comms"));
        assertTrue(users.getProperty("admin").contains("ssh"));
        assertEquals("comms, comms", users.getProperty("comms"));
        assertEquals("principal, site-staff, site:E01", users.getProperty("principal"));
    }
}
