package dev.deckhand.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deckhand.ports.in.HostKeyLogin;
import dev.deckhand.ports.in.MediaSync;
import dev.deckhand.ports.model.MediaChange;
import dev.deckhand.ports.model.UserId;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code POST /msync/<method>}: media sync. JSON answers are wrapped as {@code {"data": …, "err": ""}};
 * {@code downloadFiles} answers with a bare zip. Same header, compression and host keys as
 * {@code /sync}.
 */
final class MediaSyncRoutes {

    private final HostKeyLogin login;
    private final MediaSync media;
    private final SyncJson json;
    private final SyncResponses responses;
    private final long maxJsonBytes;
    private final Path tempFolder;

    MediaSyncRoutes(HostKeyLogin login, MediaSync media, SyncJson json, SyncResponses responses, HttpSettings settings) {
        this.login = Objects.requireNonNull(login, "login");
        this.media = Objects.requireNonNull(media, "media");
        this.json = Objects.requireNonNull(json, "json");
        this.responses = Objects.requireNonNull(responses, "responses");
        this.maxJsonBytes = settings.maxJsonBytes();
        this.tempFolder = settings.tempFolder();
    }

    void handle(Context ctx) throws IOException {
        String method = ctx.pathParam("method");
        AnkiSyncHeader header = AnkiSyncHeader.parse(ctx.header(AnkiSyncHeader.NAME), json.mapper());
        if (!header.version().isDirectPost()) {
            throw new HttpStatusException(501, "sync version " + header.version().value() + " is not supported; update Anki");
        }
        UserId user = header.presentedKey()
                .flatMap(login::userFor)
                .orElseThrow(() -> new HttpStatusException(403, "invalid host key; please log in again"));
        ctx.attribute(CollectionSyncRoutes.USER_ATTRIBUTE, user.name());
        switch (method) {
            case "begin" -> begin(ctx, user, header);
            case "mediaChanges" -> changes(ctx, user);
            case "uploadChanges" -> upload(ctx, user);
            case "downloadFiles" -> download(ctx, user);
            case "mediaSanity" -> sanity(ctx, user);
            default -> throw new HttpStatusException(404, "unknown media sync method " + method);
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
        MediaSync.UploadResult result;
        try (StagedUpload staging = new StagedUpload(tempFolder, MediaSync.MAX_BATCH_BYTES);
                InputStream zip = new LimitedInputStream(ZstdBodies.decoding(ctx.req().getInputStream()),
                        MediaSync.MAX_BATCH_BYTES)) {
            List<MediaSync.UploadedFile> files;
            try {
                files = MediaZips.readUpload(zip, staging, json.mapper());
            } catch (LimitedInputStream.BodyTooLargeException e) {
                throw new HttpStatusException(413, "media upload is larger than " + e.limit() + " bytes");
            } catch (BadRequestException e) {
                throw e;
            } catch (IOException e) {
                throw new BadRequestException("could not read the media upload: " + e.getMessage(), e);
            }
            result = media.upload(user, files);
        }
        ArrayNode data = json.mapper().createArrayNode();
        data.add(result.processed());
        data.add(result.mediaUsn());
        sendData(ctx, data);
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
        sendData(ctx, json.mapper().getNodeFactory().textNode(media.sanityCheck(user, local) ? "OK" : "mediaSanity"));
    }

    private void sendData(Context ctx, JsonNode data) {
        ObjectNode envelope = json.mapper().createObjectNode();
        envelope.set("data", data);
        envelope.put("err", "");
        responses.send(ctx, json.write(envelope));
    }

    private byte[] body(Context ctx) throws IOException {
        return RequestBodies.json(ctx, maxJsonBytes);
    }
}
