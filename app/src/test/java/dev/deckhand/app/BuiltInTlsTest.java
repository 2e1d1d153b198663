package dev.deckhand.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.adapter.http.ProxySettings;
import dev.deckhand.adapter.http.RequestLimits;
import dev.deckhand.adapter.http.SignInLimits;
import dev.deckhand.adapter.http.TlsSettings;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deckhand speaking HTTPS itself: PEM files as certbot writes them, HTTP/2, and renewed files picked up live. */
class BuiltInTlsTest {

    @TempDir Path folder;

    private ServerConfig config(Path data, Path chain, Path key, boolean http2) {
        return config(data, chain, key, http2, RequestLimits.defaults());
    }

    private ServerConfig config(Path data, Path chain, Path key, boolean http2, RequestLimits limits) {
        TlsSettings tls = new TlsSettings(chain, key, http2, Duration.ofMillis(200));
        ServerConfig plain = new ServerConfig(data, "127.0.0.1", 0, 1, Duration.ofSeconds(2), List.of());
        return new ServerConfig(plain.dataFolder(), plain.host(), plain.port(), plain.maxPayloadMegabytes(), plain.lockWait(),
                plain.environmentUsers(), plain.s3(), plain.signIn(), plain.maxHostKeyAge(), plain.sharedMedia(),
                new NetworkConfig(Optional.of(tls), ProxySettings.none(), SignInLimits.defaults(),
                        limits), plain.storage(), plain.backups(), plain.metrics());
    }

    /** GET /health on a fresh connection; returns the response (its SSL session shows the served certificate). */
    private static HttpResponse<String> health(TestCertificates ca, int port, HttpClient.Version version)
            throws IOException, GeneralSecurityException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().sslContext(ca.clientContext()).version(version)
                .connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static BigInteger servedSerial(HttpResponse<?> response) throws IOException {
        try {
            return ((X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0]).getSerialNumber();
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            throw new IOException(e);
        }
    }

    @Test
    void servesHttpsWithCertbotsFilesAndOffersHttp2() throws Exception {
        TestCertificates ca = new TestCertificates(Files.createDirectory(folder.resolve("ca")));
        TestCertificates.Leaf leaf = ca.issueEc("leaf");
        try (Deckhand deckhand = Deckhand.start(config(folder.resolve("data"), leaf.chain(), leaf.key(), true))) {
            HttpResponse<String> response = health(ca, deckhand.port(), HttpClient.Version.HTTP_2);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("ok\n");
            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(response.sslSession().orElseThrow().getProtocol()).isIn("TLSv1.2", "TLSv1.3");

            HttpClient plainClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThatThrownBy(() -> plainClient.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + deckhand.port() + "/health")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString())).as("no plain HTTP on the TLS port").isInstanceOf(IOException.class);
        }
    }

    @Test
    void http2CanBeSwitchedOff() throws Exception {
        TestCertificates ca = new TestCertificates(Files.createDirectory(folder.resolve("ca")));
        TestCertificates.Leaf leaf = ca.issueRsa("leaf");
        try (Deckhand deckhand = Deckhand.start(config(folder.resolve("data"), leaf.chain(), leaf.key(), false))) {
            assertThat(health(ca, deckhand.port(), HttpClient.Version.HTTP_2).version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        }
    }

    @Test
    void renewedFilesAreServedWithoutARestartAndAHalfRenewedPairNever() throws Exception {
        TestCertificates ca = new TestCertificates(Files.createDirectory(folder.resolve("ca")));
        TestCertificates.Leaf first = ca.issueEc("first");
        Path live = Files.createDirectory(folder.resolve("live"));
        Path chain = Files.copy(first.chain(), live.resolve("fullchain.pem"));
        Path key = Files.copy(first.key(), live.resolve("privkey.pem"));
        try (Deckhand deckhand = Deckhand.start(config(folder.resolve("data"), chain, key, true))) {
            BigInteger firstSerial = servedSerial(health(ca, deckhand.port(), HttpClient.Version.HTTP_1_1));

            TestCertificates.Leaf second = ca.issueRsa("second");
            Files.copy(second.chain(), chain, StandardCopyOption.REPLACE_EXISTING); // the key is not renewed yet
            Thread.sleep(1_000); // five reload checks
            assertThat(servedSerial(health(ca, deckhand.port(), HttpClient.Version.HTTP_1_1)))
                    .as("a chain without its key is not served").isEqualTo(firstSerial);

            Files.copy(second.key(), key, StandardCopyOption.REPLACE_EXISTING);
            BigInteger served = firstSerial;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (served.equals(firstSerial) && System.nanoTime() < deadline) {
                Thread.sleep(100);
                served = servedSerial(health(ca, deckhand.port(), HttpClient.Version.HTTP_1_1));
            }
            assertThat(served).as("the renewed certificate").isNotEqualTo(firstSerial);
        }
    }

    /**
     * A handshake has no request bytes to start the header clock, so it must finish within the
     * header timeout of the connection's opening; once it has, the connection may stay silent
     * like any other until its first request (clients open spare connections they use later).
     */
    @Test
    void aHandshakeMustFinishWithinTheHeaderTimeout_butAnEstablishedConnectionMayWaitForItsFirstRequest() throws Exception {
        TestCertificates ca = new TestCertificates(Files.createDirectory(folder.resolve("ca")));
        TestCertificates.Leaf leaf = ca.issueEc("leaf");
        RequestLimits defaults = RequestLimits.defaults();
        RequestLimits oneSecondForHeaders = new RequestLimits(defaults.minDataRateBytesPerSecond(), defaults.maxBodyTime(),
                Duration.ofSeconds(1), defaults.idleTimeout(), defaults.keepAliveTimeout(), defaults.concurrentPerAccount(),
                defaults.concurrentPerAddress(), defaults.concurrentTotal(), defaults.connectionsPerAddress());
        try (Deckhand deckhand = Deckhand.start(config(folder.resolve("data"), leaf.chain(), leaf.key(), true, oneSecondForHeaders));
                Socket noHandshake = new Socket(InetAddress.getLoopbackAddress(), deckhand.port());
                SSLSocket established = (SSLSocket) ca.clientContext().getSocketFactory()
                        .createSocket(InetAddress.getLoopbackAddress(), deckhand.port())) {
            established.startHandshake();
            noHandshake.setSoTimeout(10_000);
            long started = System.nanoTime();
            assertThat(noHandshake.getInputStream().read()).as("closed by the server").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));

            Thread.sleep(1_500);
            established.setSoTimeout(10_000);
            established.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(RawHttp.readResponse(established.getInputStream()).status()).isEqualTo(200);
        }
    }

    @Test
    void unreadableFilesStopStartUpWithTheSettingsName() throws Exception {
        Path data = folder.resolve("data");
        Path garbage = Files.writeString(folder.resolve("garbage.pem"), "not a certificate");
        assertThatThrownBy(() -> Deckhand.start(config(data, folder.resolve("missing.pem"), garbage, true)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("DECKHAND_TLS_CERT")
                .hasMessageContaining("missing.pem");
        assertThatThrownBy(() -> Deckhand.start(config(data, garbage, garbage, true)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("garbage.pem");
    }
}
