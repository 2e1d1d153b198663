package dev.deckhand.app;

import dev.deckhand.ports.in.AdminCredential;
import dev.deckhand.ports.out.TokenGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * The administrators' token, kept as {@code admin-token} in the data folder: only its SHA-256, so
 * the file opens nothing by itself. A token is 256 random bits, so a fast hash is enough (nothing
 * to guess from a dictionary); it is compared in constant time. The file is read at each check, so
 * {@code deckhand admin token} replaces it and {@code --off} turns the dashboard off without a restart.
 */
final class AdminTokenFile implements AdminCredential {

    private static final String PREFIX = "sha256:";

    private final Path file;

    AdminTokenFile(Path dataFolder) {
        this.file = Objects.requireNonNull(dataFolder, "dataFolder").resolve("admin-token");
    }

    Path file() {
        return file;
    }

    @Override
    public boolean configured() {
        return stored().isPresent();
    }

    @Override
    public boolean matches(String secret) {
        Optional<byte[]> stored = stored();
        return stored.isPresent() && MessageDigest.isEqual(stored.get(), sha256(secret));
    }

    /** Makes a new token, keeps its hash (replacing any earlier one) and returns it: it is shown only this once. */
    String issue() {
        String token = TokenGenerator.secureRandom().newToken();
        Path staging = file.resolveSibling(file.getFileName() + ".new");
        try {
            Files.deleteIfExists(staging);
            Files.createFile(staging, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(staging, PREFIX + HexFormat.of().formatHex(sha256(token)) + "\n", StandardCharsets.UTF_8);
            Files.move(staging, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return token;
    }

    /** Removes the token, which turns the dashboard off; false if there was none. */
    boolean revoke() {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file, e);
        }
    }

    private Optional<byte[]> stored() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (!text.startsWith(PREFIX) || text.length() != PREFIX.length() + 64) {
            return Optional.empty();
        }
        try {
            return Optional.of(HexFormat.of().parseHex(text.substring(PREFIX.length())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
