package org.homeroom.platform.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import javax.annotation.security.PermitAll;
import javax.annotation.security.RolesAllowed;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.ProblemException;
import org.junit.Test;

public class AccessRulesTest {

    @RolesAllowed("comms")
    static class Resource {
        public void classRule() {
        }

        @PermitAll
        public void open() {
        }

        @RolesAllowed("site-staff")
        public void staffOnly() {
        }
    }

    static class Plain {
        public void anything() {
        }
    }

    private static final CurrentUser COMMS = new CurrentUser("c", Set.of("comms"));
    private static final CurrentUser STAFF = new CurrentUser("s", Set.of("site-staff", "site:E01"));
    private static final CurrentUser ADMIN = new CurrentUser("a", Set.of("admin"));

    private static int status(String method, Class<?> type, CurrentUser user) throws Exception {
        try {
            AccessFilter.check(type.getMethod(method), type, user);
            return 200;
        } catch (ProblemException e) {
            return e.status();
        }
    }

    @Test
    public void secureByDefault() throws Exception {
        assertEquals(401, status("anything", Plain.class, null));
        assertEquals(200, status("anything", Plain.class, STAFF));
    }

    @Test
    public void methodRulesOverrideClassRules() throws Exception {
        assertEquals(200, status("classRule", Resource.class, COMMS));
        assertEquals(403, status("classRule", Resource.class, STAFF));
        assertEquals(200, status("open", Resource.class, null));
        assertEquals(200, status("staffOnly", Resource.class, STAFF));
        assertEquals(403, status("staffOnly", Resource.class, COMMS));
        assertEquals(200, status("staffOnly", Resource.class, ADMIN));
    }

    @Test
    public void credentialCacheExpiresAndNeverStoresThePassword() {
        AtomicLong now = new AtomicLong();
        CredentialCache cache = new CredentialCache(60, now::get);
        cache.put("Basic YWRtaW46YWRtaW4=", ADMIN);
        assertEquals(Optional.of(ADMIN), cache.get("Basic YWRtaW46YWRtaW4="));
        assertTrue(cache.get("Basic b3RoZXI6eA==").isEmpty());
        now.addAndGet(61_000_000_000L);
        assertTrue(cache.get("Basic YWRtaW46YWRtaW4=").isEmpty());
        CredentialCache off = new CredentialCache(0, now::get);
        off.put("x", ADMIN);
        assertTrue(off.get("x").isEmpty());
        try {
            new CurrentUser("x", Set.of()).roles().add("admin");
            fail("roles must be immutable");
        } catch (UnsupportedOperationException expected) {
            // good
        }
    }
}
