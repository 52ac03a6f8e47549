package org.homeroom.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.environment;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.inject.Inject;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.OperationType;

import org.jasypt.encryption.pbe.StandardPBEStringEncryptor;
import org.jasypt.iv.RandomIvGenerator;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Sign-in against a real directory, set up as docs/ldap.md says: an in-memory LDAP server (UnboundID) with
 * people and groups runs inside the container; the shipped realm file etc/homeroom-ldap-realm.xml is copied
 * into deploy/, configured by etc/org.homeroom.ldap.cfg with an ENC(...) bind password, and
 * homeroom.realm = homeroom-ldap switches the API and the SSH console to it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LdapIT extends HomeroomTestSupport {

    static final int LDAP_PORT = port(14389);
    static final String BASE_DN = "dc=district,dc=example";
    static final String BIND_DN = "cn=homeroom,ou=services," + BASE_DN;
    static final String BIND_PASSWORD = "Bind-Secret-7";
    /** The master key an operator puts in the environment of bin/karaf. */
    static final String SECRET_KEY = "itest-master-key-9f3c";

    private static InMemoryDirectoryServer directory;

    @Inject
    ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() {
        String cfg = "etc/org.homeroom.ldap.cfg";
        // the SSH console runs, as in the distribution (the other itests leave it off): this option must come first
        Option[] base = OptionUtils.combine(new Option[] {configureConsole().ignoreLocalConsole().startRemoteShell()}, super.config());
        return OptionUtils.combine(base,
                bundle(InMemoryDirectoryServer.class.getProtectionDomain().getCodeSource().getLocation().toString()),
                environment("HOMEROOM_SECRET_KEY=" + SECRET_KEY),
                editConfigurationFilePut("etc/system.properties", "homeroom.realm", "homeroom-ldap"),
                editConfigurationFilePut(cfg, "url", "ldap://127.0.0.1:" + LDAP_PORT),
                editConfigurationFilePut(cfg, "bindDn", BIND_DN),
                editConfigurationFilePut(cfg, "bindPassword", "ENC(" + encrypt(BIND_PASSWORD) + ")"),
                editConfigurationFilePut(cfg, "userBaseDn", "ou=people," + BASE_DN),
                // Homeroom's groups in an OU of their own, as docs/ldap.md says: a group outside it is never read
                editConfigurationFilePut(cfg, "groupBaseDn", "ou=homeroom,ou=groups," + BASE_DN),
                editConfigurationFilePut(cfg, "roleMapping", "homeroom-admins=admin,manager,viewer,systembundles,ssh;"
                        + "communications=comms;site-E01=site-staff,site:E01;site-E02=site-staff,site:E02;site-E05=site-staff,site:E05"),
                editConfigurationFilePut(cfg, "connectTimeoutMillis", "2000"),
                editConfigurationFilePut(cfg, "readTimeoutMillis", "5000"));
    }

    /** As docs/ldap.md has the operator encrypt it (jasypt, the realm file's algorithm and IV generator). */
    static String encrypt(String value) {
        StandardPBEStringEncryptor encryptor = new StandardPBEStringEncryptor();
        encryptor.setAlgorithm("PBEWithHMACSHA512AndAES_256");
        encryptor.setIvGenerator(new RandomIvGenerator());
        encryptor.setPassword(SECRET_KEY);
        return encryptor.encrypt(value);
    }

    @Before
    public void directoryAndRealm() throws Exception {
        if (directory == null) {
            directory = startDirectory();
            Path realm = Path.of(System.getProperty("karaf.etc"), "homeroom-ldap-realm.xml");
            Path deploy = Path.of(System.getProperty("karaf.base"), "deploy");
            Files.createDirectories(deploy);
            Files.copy(realm, deploy.resolve("homeroom-ldap-realm.xml"), StandardCopyOption.REPLACE_EXISTING);
        }
        await("health UP", 90_000, () -> get("/health", null), a -> a.status() == 200);
        // 503 until Karaf has started the realm from deploy/ (an undefined realm is never "wrong password")
        await("the directory realm", 60_000, () -> get("/me", "root.admin:Admin-Pass-1"), a -> a.status() == 200);
        await("demo sites", 60_000, () -> get("/sites/O02", "root.admin:Admin-Pass-1"), a -> a.status() == 200);
    }

    /** People and groups as a district directory has them; searching needs the bind account. */
    static InMemoryDirectoryServer startDirectory() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE_DN);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", java.net.InetAddress.getByName("127.0.0.1"), LDAP_PORT, null));
        config.setAuthenticationRequiredOperationTypes(java.util.EnumSet.of(OperationType.SEARCH, OperationType.COMPARE));
        InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
        List<String> ldif = new ArrayList<>(List.of(
                "dn: " + BASE_DN, "objectClass: domain", "dc: district", "",
                "dn: ou=services," + BASE_DN, "objectClass: organizationalUnit", "ou: services", "",
                "dn: " + BIND_DN, "objectClass: person", "cn: homeroom", "sn: Service", "userPassword: " + BIND_PASSWORD, "",
                "dn: ou=people," + BASE_DN, "objectClass: organizationalUnit", "ou: people", "",
                "dn: ou=groups," + BASE_DN, "objectClass: organizationalUnit", "ou: groups", "",
                "dn: ou=homeroom,ou=groups," + BASE_DN, "objectClass: organizationalUnit", "ou: homeroom", ""));
        person(ldif, "ana.lopez", "Site-Pass-1");
        person(ldif, "root.admin", "Admin-Pass-1");
        person(ldif, "carla.comms", "Comms-Pass-1");
        person(ldif, "dave.two", "Two-Pass-1");
        person(ldif, "erin.five", "Five-Pass-1");
        group(ldif, "site-E01", "ana.lopez");
        group(ldif, "homeroom-admins", "root.admin");
        group(ldif, "communications", "carla.comms");
        group(ldif, "site-E02", "dave.two");
        group(ldif, "site-E05", "erin.five");
        // district groups outside Homeroom's OU: Karaf's LDAP module would pass an unmapped group through as a
        // role of its own name, so a district group called "admin" must never be read
        ldif.addAll(List.of("dn: cn=admin,ou=groups," + BASE_DN, "objectClass: groupOfNames", "cn: admin",
                "member: uid=ana.lopez,ou=people," + BASE_DN, ""));
        ldif.addAll(List.of("dn: cn=lunch-duty,ou=groups," + BASE_DN, "objectClass: groupOfNames", "cn: lunch-duty",
                "member: uid=ana.lopez,ou=people," + BASE_DN, ""));
        server.importFromLDIF(false, new com.unboundid.ldif.LDIFReader(new java.io.BufferedReader(new java.io.StringReader(String.join("\n", ldif)))));
        server.startListening();
        return server;
    }

    private static void person(List<String> ldif, String uid, String password) {
        ldif.addAll(List.of("dn: uid=" + uid + ",ou=people," + BASE_DN, "objectClass: inetOrgPerson", "uid: " + uid,
                "cn: " + uid, "sn: " + uid, "userPassword: " + password, ""));
    }

    private static void group(List<String> ldif, String cn, String member) {
        ldif.addAll(List.of("dn: cn=" + cn + ",ou=homeroom,ou=groups," + BASE_DN, "objectClass: groupOfNames", "cn: " + cn,
                "member: uid=" + member + ",ou=people," + BASE_DN, ""));
    }

    @Test
    public void siteStaffFromTheDirectorySeeTheirSiteOnly() {
        Answer me = get("/me", "ana.lopez:Site-Pass-1").expect(200);
        List<String> roles = new ArrayList<>();
        me.json().get("roles").forEach(r -> roles.add(r.asText()));
        assertEquals("site-staff and site:E01 from group site-E01, nothing from the district's own groups (admin, lunch-duty)", List.of("site-staff", "site:E01"), roles);
        get("/sites/E01", "ana.lopez:Site-Pass-1").expect(200);
        get("/sites/E02", "ana.lopez:Site-Pass-1").problem(403);
        get("/admin/modules", "ana.lopez:Site-Pass-1").problem(403);
        get("/sites/E02", "dave.two:Two-Pass-1").expect(200);
        get("/sites/E01", "dave.two:Two-Pass-1").problem(403);
    }

    @Test
    public void directoryGroupsMapToAdminAndComms() {
        get("/admin/modules", "root.admin:Admin-Pass-1").expect(200);
        get("/admin/modules", "ana.lopez:Site-Pass-1").problem(403);
        get("/admin/modules", "carla.comms:Comms-Pass-1").problem(403);
        get("/sites/E02", "carla.comms:Comms-Pass-1").expect(200);
    }

    @Test
    public void wrongPasswordsAndTheDemoUsersAreRefused() {
        get("/me", "ana.lopez:not-her-password").problem(401);
        get("/me", "nobody.here:whatever").problem(401);
        // homeroom-demo still runs, but its users are in the "karaf" realm, not in the directory
        get("/me", "admin").problem(401);
    }

    @Test
    public void theConsoleSignsInThroughTheDirectoryToo() throws Exception {
        assertEquals("homeroom-ldap", configAdmin.getConfiguration("org.apache.karaf.shell", null).getProperties().get("sshRealm"));
        assertEquals("homeroom-ldap", configAdmin.getConfiguration("org.homeroom.rest", null).getProperties().get("realm"));
        String out = null;
        for (int i = 0; i < 100 && out == null; i++) {
            try {
                out = TestSsh.run("127.0.0.1", "root.admin", "Admin-Pass-1", "homeroom:sites -q E01");
            } catch (java.io.IOException notYet) {
                Thread.sleep(300);
            }
        }
        assertTrue(String.valueOf(out), out != null && out.contains("E01"));
        assertFalse("the demo admin is not in the directory", TestSsh.signsIn("admin", "admin"));
        assertFalse("site staff have no ssh role", TestSsh.signsIn("ana.lopez", "Site-Pass-1"));
    }

    @Test
    public void anUnreachableDirectoryIs503AndLoggedNotWrongPassword() throws Exception {
        directory.shutDown(true);
        try {
            // a sign-in not in the credential cache: the realm must ask the directory
            HttpResponse<String> down = CLIENT.send(HttpRequest.newBuilder(URI.create(BASE + "/me")).timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/json")
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("carla.comms:wrong-or-right".getBytes(StandardCharsets.UTF_8)))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(down.body(), 503, down.statusCode());
            assertTrue(down.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
            assertTrue(down.body(), down.body().contains("The sign-in directory is unreachable"));
            assertTrue(down.headers().firstValue("Retry-After").isPresent());
            Path log = Path.of(System.getProperty("karaf.data"), "log", "karaf.log");
            await("the outage in the log", 10_000, () -> new Answer(logContains(log, "the sign-in directory is unreachable") ? 1 : 0, null, null, null),
                    a -> a.status() == 1);
            // an outage is no guess: many failed sign-ins during it do not make anyone wait afterwards
            // (erin signs in nowhere else in this class: her credentials are not cached)
            for (int i = 0; i < 6; i++) {
                get("/me", "erin.five:Five-Pass-1").problem(503);
            }
        } finally {
            directory = startDirectory();
        }
        await("the directory back", 30_000, () -> get("/me", "erin.five:Five-Pass-1"), a -> a.status() == 200);
    }

    private static boolean logContains(Path log, String text) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
