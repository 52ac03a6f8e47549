package org.homeroom.platform.rest.internal;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.stream.Collectors;

import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.homeroom.platform.api.CurrentUser;

/** Checks a user name and password against a Karaf JAAS realm (properties file, LDAP, AD, …). */
final class JaasAuthenticator {

    /** What the realm said. */
    sealed interface Outcome {
    }

    /** The password is right; the user has these roles. */
    record Verified(CurrentUser user) implements Outcome {
    }

    /** Wrong user name or password. */
    record Refused() implements Outcome {
    }

    /** The realm could not decide: its directory is unreachable, or the realm is not defined. Never the user's fault. */
    record Unavailable(String reason) implements Outcome {
    }

    /**
     * The text Karaf's {@code LDAPLoginModule} (4.4) puts in the {@code LoginException} when it cannot reach the
     * directory to look the user up; it sets no cause, so the message is all there is to tell this apart from a
     * wrong password.
     */
    static final String LDAP_UNREACHABLE = "Can't connect to the LDAP server";

    private final String realm;

    JaasAuthenticator(String realm) {
        this.realm = realm;
    }

    String realm() {
        return realm;
    }

    Outcome login(String user, String password) {
        Subject subject = new Subject();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // JAAS looks up login modules through the context class loader
        thread.setContextClassLoader(getClass().getClassLoader());
        LoginContext context;
        try {
            context = new LoginContext(realm, subject, callbacks -> {
                for (var callback : callbacks) {
                    if (callback instanceof NameCallback name) {
                        name.setName(user);
                    } else if (callback instanceof PasswordCallback pw) {
                        pw.setPassword(password.toCharArray());
                    } else {
                        throw new UnsupportedCallbackException(callback);
                    }
                }
            });
        } catch (LoginException e) {
            // no such realm: a realm file in deploy/ that did not start, or a typo in homeroom.realm
            thread.setContextClassLoader(previous);
            return new Unavailable("the JAAS realm \"" + realm + "\" is not defined (" + e.getMessage() + ")");
        }
        try {
            context.login();
            Set<String> roles = subject.getPrincipals(RolePrincipal.class).stream().map(RolePrincipal::getName)
                    .collect(Collectors.toUnmodifiableSet());
            return new Verified(new CurrentUser(user, roles));
        } catch (LoginException e) {
            return classify(e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** A failed login: a wrong password, unless the realm says (or the cause shows) that its directory did not answer. */
    static Outcome classify(LoginException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            if (message.startsWith(LDAP_UNREACHABLE) || t instanceof javax.naming.CommunicationException
                    || t instanceof javax.naming.ServiceUnavailableException || t instanceof ConnectException
                    || t instanceof NoRouteToHostException || t instanceof SocketTimeoutException || t instanceof UnknownHostException) {
                return new Unavailable(message.isEmpty() ? t.getClass().getName() : message);
            }
        }
        return new Refused();
    }
}
