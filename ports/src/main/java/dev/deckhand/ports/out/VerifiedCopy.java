package dev.deckhand.ports.out;

import dev.deckhand.ports.model.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * What every {@link BlobStore#put} promises: content is stored only if it is exactly the announced
 * size and hashes to its address. Copies while checking, with one buffer, so memory stays bounded.
 */
public final class VerifiedCopy {

    private static final int BUFFER = 64 * 1024;

    private VerifiedCopy() {}

    /**
     * Copies {@code content} to {@code out}, refusing more bytes than {@code size} as soon as they
     * arrive and, at the end, a shorter body or another hash.
     *
     * @return the raw SHA-256 digest of what was copied
     * @throws BlobMismatchException if the bytes are not {@code size} bytes hashing to {@code expected}
     */
    public static byte[] copy(InputStream content, OutputStream out, Sha256 expected, long size) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        long written = 0;
        byte[] buffer = new byte[BUFFER];
        int n;
        while ((n = content.read(buffer)) >= 0) {
            written += n;
            if (written > size) {
                throw new BlobMismatchException("blob " + expected.hex() + " has more bytes than the announced " + size);
            }
            digest.update(buffer, 0, n);
            out.write(buffer, 0, n);
        }
        byte[] actual = digest.digest();
        String actualHex = HexFormat.of().formatHex(actual);
        if (written != size || !actualHex.equals(expected.hex())) {
            throw new BlobMismatchException("content hashes to " + actualHex + " (" + written + " bytes), not "
                    + expected.hex() + " (" + size + " bytes)");
        }
        return actual;
    }
}
