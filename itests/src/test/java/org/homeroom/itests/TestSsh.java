package org.homeroom.itests;

import java.io.IOException;
import java.time.Duration;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;

/**
 * Signs in to the container's Karaf SSH console with a password, as an operator's ssh client does, using
 * the client side of the container's own Apache SSHD (sshd-osgi). Call it from a test method.
 */
final class TestSsh {

    /** The console's port in the itests (HomeroomTestSupport moves it away from 8101). */
    static final int PORT = HomeroomTestSupport.port(18101);

    private TestSsh() {
    }

    /**
     * Runs one console command as {@code user} and returns its output; throws when the password is refused
     * or nothing listens at {@code host}.
     */
    static String run(String host, String user, String password, String command) throws IOException {
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
        try (ClientSession session = client.connect(user, host, PORT).verify(Duration.ofSeconds(10)).getSession()) {
            session.addPasswordIdentity(password);
            session.auth().verify(Duration.ofSeconds(10));
            return session.executeRemoteCommand(command);
        } finally {
            client.stop();
        }
    }

    /** True when the console accepts this password (the session is authenticated). */
    static boolean signsIn(String user, String password) {
        try {
            run("127.0.0.1", user, password, "echo signed-in");
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
