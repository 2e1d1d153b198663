package dev.deckhand.app.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deckhand.app.backup.BackupManifest.BackupBlob;
import dev.deckhand.app.backup.BackupManifest.BackupFile;
import dev.deckhand.app.backup.BackupManifest.FileKind;
import dev.deckhand.ports.model.Sha256;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code manifest.json}: the manifest as plain JSON, so an operator can read it and check a file
 * with {@code sha256sum}. {@code format} is bumped when the layout changes incompatibly; a reader
 * refuses formats it does not know.
 */
final class ManifestJson {

    static final int FORMAT = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ManifestJson() {}

    /** Writes the manifest as a new file, synced to disk. */
    static void write(BackupManifest manifest, Path file) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("deckhandVersion", manifest.deckhandVersion());
        root.put("createdAt", manifest.createdAt().toString());
        ArrayNode files = root.putArray("files");
        for (BackupFile entry : manifest.files()) {
            files.addObject()
                    .put("path", entry.path())
                    .put("kind", entry.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .put("sha256", entry.sha256().hex())
                    .put("size", entry.size());
        }
        ArrayNode blobs = root.putArray("blobs");
        for (BackupBlob blob : manifest.blobs()) {
            blobs.addObject().put("sha256", blob.sha256().hex()).put("size", blob.size());
        }
        byte[] json = MAPPER.writeValueAsBytes(root);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            PrivateFiles.restrict(file);
            Channels.newOutputStream(channel).write(json);
            channel.force(true);
        }
    }

    /** Reads a manifest, naming the file in any complaint. */
    static BackupManifest read(Path file) {
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw new BackupException(file + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BackupException("cannot read " + file + ": " + Failures.describe(e), e);
        }
        try {
            int format = required(root, "format").asInt();
            if (format != FORMAT) {
                throw new BackupException(file + " has format " + format + "; this version of Deckhand reads format "
                        + FORMAT + " (a newer Deckhand wrote it?)");
            }
            List<BackupFile> files = new ArrayList<>();
            for (JsonNode node : required(root, "files")) {
                files.add(new BackupFile(
                        required(node, "path").asText(),
                        FileKind.valueOf(required(node, "kind").asText().toUpperCase(Locale.ROOT).replace('-', '_')),
                        new Sha256(required(node, "sha256").asText()),
                        required(node, "size").asLong()));
            }
            List<BackupBlob> blobs = new ArrayList<>();
            for (JsonNode node : required(root, "blobs")) {
                blobs.add(new BackupBlob(new Sha256(required(node, "sha256").asText()), required(node, "size").asLong()));
            }
            return new BackupManifest(required(root, "deckhandVersion").asText(),
                    Instant.parse(required(root, "createdAt").asText()), files, blobs);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new BackupException(file + " is not a backup manifest: " + Failures.describe(e));
        }
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing \"" + field + "\"");
        }
        return value;
    }
}
