package dev.deckhand.adapter.http;

import io.javalin.community.ssl.SslPlugin;
import io.javalin.community.ssl.TlsConfig;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate HTTPS serves, swapped in place when its files change: certbot renews every two
 * months or so, and the server keeps running. A changed pair is served only once it reads as a
 * certificate and its own key; until then the old one stays and the check runs again later.
 * Connections already open keep the certificate they began with.
 */
final class ServedCertificate implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServedCertificate.class);

    /**
     * Mozilla's "intermediate" profile: TLS 1.2 and 1.3, forward-secret AEAD ciphers only. The
     * plugin's own INTERMEDIATE lists no TLS 1.3 suites, which leaves 1.3 unusable, so they are added.
     */
    static final TlsConfig INTERMEDIATE = new TlsConfig(
            new String[] {
                "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
                "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
                "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
            new String[] {"TLSv1.3", "TLSv1.2"});

    private final TlsSettings settings;
    private final Clock clock;
    private final SslPlugin plugin;
    private final ScheduledExecutorService checks;
    private volatile TlsIdentity served;
    /** The last reason a changed pair was not served, so a lasting mistake is logged once, not every check. */
    private String lastRefusal = "";

    /** Reads the files now (a bad pair fails start-up) and makes the plugin that serves them. */
    ServedCertificate(TlsSettings settings, String host, int port, Clock clock, Consumer<ServerConnector> connectorSettings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.served = TlsIdentity.read(settings);
        warnIfExpired(served);
        TlsIdentity first = served;
        this.plugin = new SslPlugin(ssl -> {
            ssl.pemFromString(first.certificatePem(), first.privateKeyPem(), null);
            ssl.insecure = false;
            ssl.secure = true;
            ssl.host = host;
            ssl.securePort = port;
            ssl.http2 = settings.http2();
            ssl.tlsConfig = INTERMEDIATE;
            ssl.configConnectors(connectorSettings);
        });
        this.checks = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "deckhand-certificate-check");
            thread.setDaemon(true);
            return thread;
        });
    }

    SslPlugin plugin() {
        return plugin;
    }

    /** Starts looking for new files; call once the server runs. */
    void watch() {
        long millis = settings.reloadCheck().toMillis();
        checks.scheduleWithFixedDelay(this::reloadIfChanged, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Serves the files' pair if it changed and is valid; returns whether it was swapped. */
    boolean reloadIfChanged() {
        TlsIdentity candidate;
        try {
            candidate = TlsIdentity.read(settings);
        } catch (InvalidTlsFilesException e) {
            refuse(e.getMessage());
            return false;
        }
        if (candidate.sameFilesAs(served)) {
            return false;
        }
        try {
            plugin.reload(ssl -> ssl.pemFromString(candidate.certificatePem(), candidate.privateKeyPem(), null));
        } catch (RuntimeException e) {
            refuse("the new one could not be loaded: " + e.getMessage());
            return false;
        }
        served = candidate;
        lastRefusal = "";
        LOG.info("now serving the certificate for {} (serial {}, valid until {})",
                candidate.leaf().getSubjectX500Principal().getName(), candidate.leaf().getSerialNumber().toString(16),
                candidate.leaf().getNotAfter().toInstant());
        warnIfExpired(candidate);
        return true;
    }

    private void refuse(String reason) {
        if (!reason.equals(lastRefusal)) {
            LOG.warn("keeping the current certificate: {}", reason);
            lastRefusal = reason;
        }
    }

    private void warnIfExpired(TlsIdentity identity) {
        if (identity.expiredAt(clock.instant())) {
            LOG.warn("the certificate in {} expired on {}; clients will refuse it", settings.certificateChain(),
                    identity.leaf().getNotAfter().toInstant());
        }
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }
}
