package dev.deckhand.app;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A test CA and leaf certificates made with the openssl command line, in the formats certbot writes
 * (a full chain, and the key in the traditional EC or RSA form).
 */
final class TestCertificates {

    private final Path folder;
    private final Path caKey;
    private final Path caCertificate;

    TestCertificates(Path folder) {
        this.folder = folder;
        this.caKey = folder.resolve("ca.key");
        this.caCertificate = folder.resolve("ca.crt");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=deckhand test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign",
                "-keyout", caKey.toString(), "-out", caCertificate.toString());
    }

    /** Files of one issued leaf: the chain (leaf, then CA) and the key. */
    record Leaf(Path chain, Path key) {}

    /** A leaf for 127.0.0.1 with an EC key ("BEGIN EC PRIVATE KEY", certbot's default). */
    Leaf issueEc(String stem) {
        Path key = folder.resolve(stem + ".key");
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key.toString());
        return sign(stem, key);
    }

    /** A leaf for 127.0.0.1 with an RSA key in the traditional form ("BEGIN RSA PRIVATE KEY"). */
    Leaf issueRsa(String stem) {
        Path key = folder.resolve(stem + ".key");
        openssl("genrsa", "-traditional", "-out", key.toString(), "2048");
        return sign(stem, key);
    }

    private Leaf sign(String stem, Path key) {
        Path csr = folder.resolve(stem + ".csr");
        Path leaf = folder.resolve(stem + ".crt");
        Path extensions = folder.resolve(stem + ".ext");
        Path chain = folder.resolve(stem + "-fullchain.pem");
        try {
            Files.writeString(extensions, "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
            openssl("req", "-new", "-key", key.toString(), "-subj", "/CN=localhost", "-out", csr.toString());
            openssl("x509", "-req", "-in", csr.toString(), "-CA", caCertificate.toString(), "-CAkey", caKey.toString(),
                    "-CAcreateserial", "-days", "2", "-extfile", extensions.toString(), "-out", leaf.toString());
            Files.write(chain, concat(Files.readAllBytes(leaf), Files.readAllBytes(caCertificate)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new Leaf(chain, key);
    }

    /** A client context that trusts only this CA. */
    SSLContext clientContext() throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = new FileInputStream(caCertificate.toFile())) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        return context;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private void openssl(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(folder.toFile())
                    .redirectErrorStream(true).redirectOutput(folder.resolve("openssl.log").toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: "
                        + Files.readString(folder.resolve("openssl.log")));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run openssl", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
