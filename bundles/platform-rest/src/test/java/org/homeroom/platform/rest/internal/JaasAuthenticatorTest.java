package org.homeroom.platform.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import javax.naming.CommunicationException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;

import org.junit.Test;

public class JaasAuthenticatorTest {

    @Test
    public void karafsLdapModuleFailingToReachTheDirectoryIsUnavailableNotAWrongPassword() {
        // the exception exactly as LDAPLoginModule 4.4 throws it: message only, no cause
        var outcome = JaasAuthenticator.classify(new LoginException("Can't connect to the LDAP server: localhost:14389"));
        assertTrue(outcome instanceof JaasAuthenticator.Unavailable);
        assertEquals("Can't connect to the LDAP server: localhost:14389", ((JaasAuthenticator.Unavailable) outcome).reason());
    }

    @Test
    public void aConnectionFailureInTheCauseChainIsUnavailable() {
        LoginException e = new LoginException("Authentication failed");
        e.initCause(new CommunicationException("ldap.district.example:636"));
        assertTrue(JaasAuthenticator.classify(e) instanceof JaasAuthenticator.Unavailable);
    }

    @Test
    public void wrongPasswordsAndUnknownUsersAreRefused() {
        assertTrue(JaasAuthenticator.classify(new FailedLoginException("Password for admin does not match")) instanceof JaasAuthenticator.Refused);
        assertTrue(JaasAuthenticator.classify(new LoginException("Authentication failed: [LDAP: error code 49 - Invalid Credentials]"))
                instanceof JaasAuthenticator.Refused);
        assertTrue(JaasAuthenticator.classify(new LoginException("Login Failure: all modules ignored")) instanceof JaasAuthenticator.Refused);
    }

    @Test
    public void anUndefinedRealmIsUnavailable() {
        // no JAAS configuration defines this realm (as when a realm file in deploy/ did not start)
        var outcome = new JaasAuthenticator("homeroom-nowhere").login("jdoe", "secret");
        assertTrue(outcome.toString(), outcome instanceof JaasAuthenticator.Unavailable);
        assertTrue(((JaasAuthenticator.Unavailable) outcome).reason().contains("homeroom-nowhere"));
    }
}
