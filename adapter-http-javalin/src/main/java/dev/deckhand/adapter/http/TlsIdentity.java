package dev.deckhand.adapter.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.stream.Stream;
import javax.net.ssl.X509ExtendedKeyManager;
import nl.altindag.ssl.pem.util.PemUtils;

/**
 * A certificate chain and its private key as read from their PEM files, checked to belong together
 * (a renewal writes the two files one after the other, and a half-renewed pair must never be served).
 *
 * @param certificatePem the chain file's text
 * @param privateKeyPem the key file's text
 * @param leaf the first certificate of the chain
 * @param fingerprint SHA-256 of both files, to notice a change
 */
record TlsIdentity(String certificatePem, String privateKeyPem, X509Certificate leaf, byte[] fingerprint) {

    /** Reads and checks the pair; throws {@link InvalidTlsFilesException} saying what is wrong. */
    static TlsIdentity read(TlsSettings settings) {
        String certificatePem = text(settings.certificateChain(), "certificate");
        String keyPem = text(settings.privateKey(), "private key");
        X509ExtendedKeyManager keys;
        try {
            keys = PemUtils.parseIdentityMaterial(certificatePem, keyPem, null);
        } catch (RuntimeException e) {
            throw new InvalidTlsFilesException("cannot read " + settings.certificateChain() + " and "
                    + settings.privateKey() + " as a PEM certificate chain and private key: " + e.getMessage(), e);
        }
        String alias = Stream.of("RSA", "EC").map(type -> keys.getServerAliases(type, null))
                .filter(aliases -> aliases != null && aliases.length > 0).map(aliases -> aliases[0])
                .findFirst().orElse(null);
        X509Certificate[] chain = alias == null ? null : keys.getCertificateChain(alias);
        PrivateKey key = alias == null ? null : keys.getPrivateKey(alias);
        if (chain == null || chain.length == 0 || key == null) {
            throw new InvalidTlsFilesException(settings.certificateChain() + " holds no certificate for the key in "
                    + settings.privateKey(), null);
        }
        if (!belongTogether(chain[0], key)) {
            throw new InvalidTlsFilesException("the private key in " + settings.privateKey()
                    + " does not belong to the first certificate in " + settings.certificateChain(), null);
        }
        return new TlsIdentity(certificatePem, keyPem, chain[0], fingerprint(certificatePem, keyPem));
    }

    boolean sameFilesAs(TlsIdentity other) {
        return Arrays.equals(fingerprint, other.fingerprint);
    }

    boolean expiredAt(Instant now) {
        return leaf.getNotAfter().before(Date.from(now));
    }

    private static boolean belongTogether(X509Certificate certificate, PrivateKey key) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return false;
        }
        try {
            byte[] probe = "deckhand certificate check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String text(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new InvalidTlsFilesException("cannot read the " + what + " file " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] fingerprint(String certificatePem, String keyPem) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(certificatePem.getBytes(StandardCharsets.US_ASCII));
            sha256.update((byte) 0);
            sha256.update(keyPem.getBytes(StandardCharsets.US_ASCII));
            return sha256.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
