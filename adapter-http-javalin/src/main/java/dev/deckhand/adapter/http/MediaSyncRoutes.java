package dev.deckhand.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deckhand.ports.in.HostKeyLogin;
import dev.deckhand.ports.in.MediaSync;
import dev.deckhand.ports.model.MediaChange;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.DiskSpace;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /msync/<method>}: media sync. JSON answers are wrapped as {@code {"data": …, "err": ""}};
 * {@code downloadFiles} answers with a bare zip. Same header, compression and host keys as
 * {@code /sync}.
 */
@SuppressWarnings("try") // try-with-resources holds a lock, place or open resource for a block that never names it
final class MediaSyncRoutes {

    private static final String DISK_FILLED = "The sync server ran out of disk space while receiving your files."
            + " Nothing was stored; your files are safe on this device. Sync again later, or tell the server's"
            + " administrator.";

    private final HostKeyLogin login;
    private final MediaSync media;
    private final SyncJson json;
    private final SyncResponses responses;
    private final ZstdContexts zstd;
    private final long maxJsonBytes;
    private final Path tempFolder;

    private final Admission admission;

    MediaSyncRoutes(HostKeyLogin login, MediaSync media, SyncJson json, SyncResponses responses, ZstdContexts zstd, long maxJsonBytes,
            Path tempFolder, Admission admission) {
        this.login = Objects.requireNonNull(login, "login");
        this.media = Objects.requireNonNull(media, "media");
        this.json = Objects.requireNonNull(json, "json");
        this.responses = Objects.requireNonNull(responses, "responses");
        this.zstd = Objects.requireNonNull(zstd, "zstd");
        this.maxJsonBytes = maxJsonBytes;
        this.tempFolder = Objects.requireNonNull(tempFolder, "tempFolder");
        this.admission = Objects.requireNonNull(admission, "admission");
    }

    void handle(Context ctx) throws IOException {
        String method = ctx.pathParam("method");
        AnkiSyncHeader header = AnkiSyncHeader.parse(ctx.header(AnkiSyncHeader.NAME), json.mapper());
        if (!header.version().isDirectPost()) {
            throw new ProblemException(Problem.CLIENT_TOO_OLD,
                    "sync version " + header.version().value() + " is not supported; update Anki");
        }
        UserId user = header.presentedKey()
                .flatMap(login::userFor)
                .orElseThrow(() -> new ProblemException(Problem.INVALID_TOKEN, "invalid host key; please log in again"));
        ctx.attribute(CollectionSyncRoutes.USER_ATTRIBUTE, user.name());
        try (Admission.Place place = admission.forAccount(user.name())) {
            switch (method) {
                case "begin" -> begin(ctx, user, header);
                case "mediaChanges" -> changes(ctx, user);
                case "uploadChanges" -> upload(ctx, user);
                case "downloadFiles" -> download(ctx, user);
                case "mediaSanity" -> sanity(ctx, user);
                default -> throw new ProblemException(Problem.NOT_FOUND, "unknown media sync method " + method);
            }
        }
    }

    private void begin(Context ctx, UserId user, AnkiSyncHeader header) throws IOException {
        JsonNode request = json.parseObject(body(ctx));
        if (SyncJson.requiredString(request, "v").isEmpty()) {
            throw new BadRequestException("missing client version");
        }
        ObjectNode data = json.mapper().createObjectNode();
        data.put("usn", media.mediaUsn(user));
        // Old clients expect a media session key; since sync version 11 it is the host key.
        data.put("sk", header.hostKey());
        sendData(ctx, data);
    }

    private void changes(Context ctx, UserId user) throws IOException {
        int lastUsn = SyncJson.requiredInt(json.parseObject(body(ctx)), "lastUsn");
        ArrayNode data = json.mapper().createArrayNode();
        for (MediaChange change : media.changes(user, lastUsn)) {
            ArrayNode row = data.addArray();
            row.add(change.filename());
            row.add(change.usn());
            row.add(change.sha1());
        }
        sendData(ctx, data);
    }

    private void upload(Context ctx, UserId user) throws IOException {
        Optional<String> refusal = media.uploadRefusal(user);
        if (refusal.isPresent()) {
            sendRefusal(ctx, refusal.get());
            return;
        }
        MediaSync.UploadOutcome outcome;
        try (StagedUpload staging = new StagedUpload(tempFolder, MediaSync.MAX_BATCH_BYTES);
                InputStream zip = new LimitedInputStream(ZstdBodies.decoding(RequestBodies.stream(ctx)),
                        MediaSync.MAX_BATCH_BYTES)) {
            List<MediaSync.UploadedFile> files;
            try {
                files = MediaZips.readUpload(zip, staging, json.mapper());
            } catch (LimitedInputStream.BodyTooLargeException e) {
                throw new ProblemException(Problem.TOO_LARGE, "media upload is larger than " + e.limit() + " bytes");
            } catch (BadRequestException e) {
                throw e;
            } catch (IOException e) {
                if (DiskSpace.isDiskFull(e)) {
                    sendRefusal(ctx, DISK_FILLED);
                    return;
                }
                throw new BadRequestException("could not read the media upload: " + e.getMessage(), e);
            }
            outcome = media.upload(user, files);
        }
        if (outcome instanceof MediaSync.Applied applied) {
            ArrayNode data = json.mapper().createArrayNode();
            data.add(applied.processed());
            data.add(applied.mediaUsn());
            sendData(ctx, data);
        } else if (outcome instanceof MediaSync.Refused refused) {
            sendRefusal(ctx, refused.message());
        } else {
            throw new AssertionError(outcome);
        }
    }

    private void download(Context ctx, UserId user) throws IOException {
        JsonNode names = json.parseObject(body(ctx)).get("files");
        if (names == null || !names.isArray()) {
            throw new BadRequestException("invalid json: \"files\" must be an array of file names");
        }
        List<String> filenames = new ArrayList<>();
        for (JsonNode name : names) {
            if (!name.isTextual()) {
                throw new BadRequestException("invalid json: \"files\" must hold strings");
            }
            filenames.add(name.textValue());
        }
        List<MediaSync.DownloadedFile> files = media.download(user, filenames);
        Files.createDirectories(tempFolder);
        Path zip = Files.createTempFile(tempFolder, "media-download-", ".zip");
        try {
            // Written to disk first: the response must state its exact size before the first byte.
            try (OutputStream out = Files.newOutputStream(zip)) {
                MediaZips.writeDownload(out, files, json.mapper());
            }
            try (InputStream in = Files.newInputStream(zip)) {
                responses.stream(ctx, Files.size(zip), in);
            }
        } finally {
            Files.deleteIfExists(zip);
        }
    }

    private void sanity(Context ctx, UserId user) throws IOException {
        int local = SyncJson.requiredInt(json.parseObject(body(ctx)), "local");
        boolean same = media.sanityCheck(user, local);
        if (!same) {
            // Logged and counted as a failed media sync: the client wipes its media state and starts over.
            ctx.attribute(RequestIds.ERROR_ATTRIBUTE, "media counts differ (client " + local + "); the client will resync its media");
        }
        sendData(ctx, json.mapper().getNodeFactory().textNode(same ? "OK" : "mediaSanity"));
    }

    /**
     * A refusal Anki shows its user: 200 with only {@code err}, which the client raises as the
     * server's message (an HTTP error status would show only its number).
     */
    private void sendRefusal(Context ctx, String message) {
        ctx.attribute(RequestIds.ERROR_ATTRIBUTE, message);
        ObjectNode envelope = json.mapper().createObjectNode();
        envelope.put("err", message);
        responses.send(ctx, json.write(envelope));
    }

    private void sendData(Context ctx, JsonNode data) {
        ObjectNode envelope = json.mapper().createObjectNode();
        envelope.set("data", data);
        envelope.put("err", "");
        responses.send(ctx, json.write(envelope));
    }

    private byte[] body(Context ctx) throws IOException {
        return RequestBodies.json(ctx, maxJsonBytes, zstd);
    }
}
