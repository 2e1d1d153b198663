package dev.deckhand.adapter.http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Built-in HTTPS: the PEM files certbot writes (the certificate chain and its private key), whether
 * to offer HTTP/2, and how often to look for new files. Only TLS 1.2 and 1.3 are spoken.
 *
 * @param certificateChain PEM certificate chain, leaf first ({@code fullchain.pem})
 * @param privateKey PEM private key, PKCS#8 or the traditional RSA/EC forms ({@code privkey.pem})
 * @param http2 offer HTTP/2 by ALPN besides HTTP/1.1
 * @param reloadCheck how often the files are read again; changed ones replace the served certificate
 */
public record TlsSettings(Path certificateChain, Path privateKey, boolean http2, Duration reloadCheck) {

    public TlsSettings {
        Objects.requireNonNull(certificateChain, "certificateChain");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(reloadCheck, "reloadCheck");
        if (reloadCheck.isNegative() || reloadCheck.isZero()) {
            throw new IllegalArgumentException("the reload check interval must be positive");
        }
    }
}
