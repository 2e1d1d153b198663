package dev.deckhand.adapter.ldap;

import dev.deckhand.ports.out.Authenticator;
import dev.deckhand.ports.testing.AuthenticatorContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;

/** Sign-in through a real (in-memory UnboundID) directory honours the sign-in contract. */
class LdapSignInContractTest extends AuthenticatorContract {

    private TestDirectory directory;

    @Override
    protected Authenticator newAuthenticator() {
        try {
            directory = TestDirectory.plain();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test directory", e);
        }
        return directory.settings().authenticator();
    }

    @Override
    protected Optional<Authenticator> unreachable() {
        int unused;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            unused = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(new LdapSettingsBuilder(List.of(URI.create("ldap://127.0.0.1:" + unused))).authenticator());
    }

    @AfterEach
    void stopDirectory() {
        directory.close();
    }
}
