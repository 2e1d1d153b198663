package dev.deckhand.sync.movein;

import dev.deckhand.ports.model.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A media file's SHA-1 (what the protocol and the old server speak), SHA-256 (its blob) and size, in one pass. */
record MediaDigests(String sha1, Sha256 sha256, long size) {

    private static final int BUFFER = 64 * 1024;

    static MediaDigests of(InputStream in) throws IOException {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
        MessageDigest sha256 = Sha256.newDigest();
        byte[] buffer = new byte[BUFFER];
        long size = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            sha1.update(buffer, 0, n);
            sha256.update(buffer, 0, n);
            size += n;
        }
        return new MediaDigests(HexFormat.of().formatHex(sha1.digest()), Sha256.of(sha256), size);
    }
}
