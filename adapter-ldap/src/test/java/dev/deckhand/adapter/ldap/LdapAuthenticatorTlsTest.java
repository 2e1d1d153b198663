package dev.deckhand.adapter.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.SignInOutcome;
import dev.deckhand.ports.out.SignInOutcome.SignedIn;
import dev.deckhand.ports.out.SignInOutcome.Unavailable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LDAPS and StartTLS against the in-memory directory with self-signed certificates made by keytool. */
class LdapAuthenticatorTlsTest {

    private static final String STORE_PASSWORD = "store-secret";
    private static final String TRUST_PASSWORD = "trust-secret";
    private static final Duration GUARD = Duration.ofSeconds(15);

    @TempDir
    static Path certificates;

    private static Path serverKeys;
    private static Path wrongNameKeys;
    private static Path trustStore;

    private final List<TestDirectory> directories = new ArrayList<>();

    @BeforeAll
    static void makeCertificates() throws Exception {
        serverKeys = certificates.resolve("server.p12");
        wrongNameKeys = certificates.resolve("wrong-name.p12");
        trustStore = certificates.resolve("trust.p12");
        selfSigned(serverKeys, "CN=localhost", "san=dns:localhost,ip:127.0.0.1");
        selfSigned(wrongNameKeys, "CN=ldap.example.invalid", "san=dns:ldap.example.invalid");
        // The trust store holds both certificates, so only the host name check can refuse the second.
        trust(serverKeys, "server");
        trust(wrongNameKeys, "wrong-name");
    }

    @AfterEach
    void stopDirectories() {
        directories.forEach(TestDirectory::close);
    }

    @Test
    void ldaps_withTrustStore_signsIn() throws Exception {
        TestDirectory directory = ldaps(serverKeys);

        assertThat(directory.settings().trust(trustStore, TRUST_PASSWORD).authenticator().signIn("alice", "alice-pw"))
                .isEqualTo(new SignedIn(new UserId("alice")));
    }

    @Test
    void ldaps_withoutTrustingTheCertificate_isUnavailable() throws Exception {
        TestDirectory directory = ldaps(serverKeys);

        assertUnavailable(directory.settings().authenticator()); // the JVM's default trust store
    }

    @Test
    void ldaps_whenHostNameDoesNotMatchTheCertificate_isUnavailable() throws Exception {
        TestDirectory directory = ldaps(wrongNameKeys);

        assertUnavailable(directory.settings().trust(trustStore, TRUST_PASSWORD).authenticator());
    }

    @Test
    void ldaps_withTrustAll_signsInWhateverTheCertificate() throws Exception {
        TestDirectory directory = ldaps(wrongNameKeys);

        assertThat(directory.settings().trustAll().authenticator().signIn("alice", "alice-pw"))
                .isEqualTo(new SignedIn(new UserId("alice")));
    }

    @Test
    void startTls_withTrustStore_signsIn() throws Exception {
        TestDirectory directory = startTls(serverKeys);

        assertThat(directory.settings().startTls().trust(trustStore, TRUST_PASSWORD)
                .service(TestDirectory.SERVICE_DN, TestDirectory.SERVICE_PASSWORD)
                .authenticator().signIn("alice", "alice-pw"))
                .isEqualTo(new SignedIn(new UserId("alice")));
    }

    @Test
    void startTls_withoutTrustingTheCertificate_isUnavailable() throws Exception {
        TestDirectory directory = startTls(serverKeys);

        assertUnavailable(directory.settings().startTls().authenticator());
    }

    @Test
    void startTls_whenHostNameDoesNotMatchTheCertificate_isUnavailable() throws Exception {
        TestDirectory directory = startTls(wrongNameKeys);

        assertUnavailable(directory.settings().startTls().trust(trustStore, TRUST_PASSWORD).authenticator());
    }

    @Test
    void startTls_whenServerOffersNoStartTls_isUnavailable() throws Exception {
        TestDirectory directory = TestDirectory.plain();
        directories.add(directory);

        assertUnavailable(directory.settings().startTls().trust(trustStore, TRUST_PASSWORD).authenticator());
    }

    private static void assertUnavailable(LdapAuthenticator ldap) {
        SignInOutcome outcome = assertTimeoutPreemptively(GUARD, () -> ldap.signIn("alice", "alice-pw"));

        assertThat(outcome).isInstanceOf(Unavailable.class);
    }

    private TestDirectory ldaps(Path keys) throws Exception {
        SSLUtil server = serverTls(keys);
        TestDirectory directory = TestDirectory.start(InMemoryListenerConfig.createLDAPSConfig("ldaps",
                InetAddress.getLoopbackAddress(), 0, server.createSSLServerSocketFactory(),
                new SSLUtil(new TrustAllTrustManager()).createSSLSocketFactory()), "ldaps", true);
        directories.add(directory);
        return directory;
    }

    private TestDirectory startTls(Path keys) throws Exception {
        TestDirectory directory = TestDirectory.start(InMemoryListenerConfig.createLDAPConfig("ldap",
                InetAddress.getLoopbackAddress(), 0, serverTls(keys).createSSLSocketFactory()), "ldap", true);
        directories.add(directory);
        return directory;
    }

    private static SSLUtil serverTls(Path keys) throws Exception {
        return new SSLUtil(new KeyStoreKeyManager(keys.toFile(), STORE_PASSWORD.toCharArray(), "PKCS12", "server"),
                new TrustAllTrustManager());
    }

    private static void selfSigned(Path keys, String subject, String subjectAltNames) throws Exception {
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", subject, "-ext", subjectAltNames, "-storetype", "PKCS12", "-keystore", keys.toString(),
                "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
    }

    private static void trust(Path keys, String alias) throws Exception {
        Path pem = certificates.resolve(alias + ".pem");
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keys.toString(), "-storepass", STORE_PASSWORD,
                "-file", pem.toString());
        keytool("-importcert", "-noprompt", "-alias", alias, "-file", pem.toString(), "-storetype", "PKCS12",
                "-keystore", trustStore.toString(), "-storepass", TRUST_PASSWORD);
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", arguments) + " failed:\n" + output);
        }
    }
}
