package org.homeroom.platform.rest.internal;

import java.util.Optional;
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

    private final String realm;

    JaasAuthenticator(String realm) {
        this.realm = realm;
    }

    Optional<CurrentUser> login(String user, String password) {
        Subject subject = new Subject();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // JAAS looks up login modules through the context class loader
        thread.setContextClassLoader(getClass().getClassLoader());
        try {
            LoginContext context = new LoginContext(realm, subject, callbacks -> {
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
            context.login();
            Set<String> roles = subject.getPrincipals(RolePrincipal.class).stream().map(RolePrincipal::getName)
                    .collect(Collectors.toUnmodifiableSet());
            return Optional.of(new CurrentUser(user, roles));
        } catch (LoginException e) {
            return Optional.empty();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
