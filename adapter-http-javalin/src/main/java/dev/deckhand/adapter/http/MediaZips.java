package dev.deckhand.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deckhand.ports.in.MediaSync;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The zips of media sync. Uploads: members {@code "0"}, {@code "1"}, … and {@code _meta}, a JSON
 * array of {@code [filename, member or null]}. Downloads: the same members and {@code _meta} as an
 * object {@code {"0": filename}}. Upload zips are hostile until read: every member is size-capped
 * while it is inflated, names are checked, and anything unexpected refuses the whole zip.
 */
final class MediaZips {

    static final String META = "_meta";
    private static final long MAX_META_BYTES = 50 * 1024;
    private static final Pattern MEMBER = Pattern.compile("0|[1-9][0-9]{0,2}");

    private MediaZips() {}

    static List<MediaSync.UploadedFile> readUpload(InputStream zip, StagedUpload staging, ObjectMapper json) throws IOException {
        Map<String, MediaSync.StagedContent> members = new HashMap<>();
        JsonNode meta = null;
        try (ZipInputStream in = new ZipInputStream(zip, StandardCharsets.UTF_8)) {
            ZipEntry entry;
            int entries = 0;
            while ((entry = nextEntry(in)) != null) {
                if (++entries > MediaSync.MAX_FILES_PER_BATCH + 1) {
                    throw new BadRequestException("the zip has more than " + MediaSync.MAX_FILES_PER_BATCH + " files");
                }
                String name = entry.getName();
                if (META.equals(name)) {
                    if (meta != null) {
                        throw new BadRequestException("the zip has two _meta entries");
                    }
                    meta = readMeta(in, json);
                    continue;
                }
                if (entry.isDirectory() || !MEMBER.matcher(name).matches()) {
                    throw new BadRequestException("unexpected zip entry \"" + printable(name) + "\"; members are named 0, 1, 2, …");
                }
                if (members.containsKey(name)) {
                    throw new BadRequestException("the zip has two entries named " + name);
                }
                members.put(name, staging.stage(in, MediaSync.MAX_FILE_BYTES, "media file " + name));
            }
            // The zip's directory and the body's last bytes: a request body left unread makes the
            // server close the connection after its answer, under a client about to reuse it.
            zip.transferTo(OutputStream.nullOutputStream());
        } catch (ZipException e) {
            throw new BadRequestException("the upload is not a readable zip: " + e.getMessage());
        }
        if (meta == null) {
            throw new BadRequestException("the zip has no _meta entry");
        }
        return entries(meta, members);
    }

    /**
     * The JDK reads entry names as UTF-8 (or as the charset given) and throws an
     * IllegalArgumentException, not a ZipException, for a name that is not.
     */
    private static ZipEntry nextEntry(ZipInputStream in) throws IOException {
        try {
            return in.getNextEntry();
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("the upload is not a readable zip: an entry name is not UTF-8");
        }
    }

    private static JsonNode readMeta(InputStream in, ObjectMapper json) throws IOException {
        byte[] bytes = in.readNBytes((int) MAX_META_BYTES + 1);
        if (bytes.length > MAX_META_BYTES) {
            throw new BadRequestException("_meta is larger than " + MAX_META_BYTES + " bytes");
        }
        JsonNode meta = SyncJson.readTree(json, bytes, "_meta is not JSON");
        if (meta == null || meta.isMissingNode()) {
            throw new BadRequestException("_meta is empty");
        }
        return meta;
    }

    private static List<MediaSync.UploadedFile> entries(JsonNode meta, Map<String, MediaSync.StagedContent> members) {
        if (!meta.isArray()) {
            throw new BadRequestException("_meta must be an array of [filename, member] pairs");
        }
        if (meta.size() > MediaSync.MAX_FILES_PER_BATCH) {
            throw new BadRequestException("an upload may hold at most " + MediaSync.MAX_FILES_PER_BATCH + " files, _meta lists " + meta.size());
        }
        List<MediaSync.UploadedFile> files = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (JsonNode pair : meta) {
            if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isTextual()) {
                throw new BadRequestException("each _meta entry must be [filename, member or null]");
            }
            JsonNode member = pair.get(1);
            Optional<MediaSync.StagedContent> content;
            // null or "" marks a deletion (older clients sent "").
            if (member.isNull() || (member.isTextual() && member.textValue().isEmpty())) {
                content = Optional.empty();
            } else if (member.isTextual() && members.containsKey(member.textValue())) {
                if (!used.add(member.textValue())) {
                    throw new BadRequestException("_meta uses member " + member.textValue() + " twice");
                }
                content = Optional.of(members.get(member.textValue()));
            } else {
                throw new BadRequestException("_meta names member " + printable(member.asText()) + ", which the zip does not hold");
            }
            files.add(new MediaSync.UploadedFile(pair.get(0).textValue(), content));
        }
        if (used.size() != members.size()) {
            throw new BadRequestException("the zip holds members that _meta does not list");
        }
        return files;
    }

    /** Writes a download zip: each file as a member without compression, then {@code _meta}. */
    static void writeDownload(OutputStream out, List<MediaSync.DownloadedFile> files, ObjectMapper json) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        // Media is almost always compressed already (JPEG, MP3); the transport is zstd anyway.
        zip.setLevel(Deflater.NO_COMPRESSION);
        ObjectNode meta = json.createObjectNode();
        for (int i = 0; i < files.size(); i++) {
            MediaSync.DownloadedFile file = files.get(i);
            zip.putNextEntry(new ZipEntry(Integer.toString(i)));
            try (InputStream content = file.content()) {
                content.transferTo(zip);
            }
            zip.closeEntry();
            meta.put(Integer.toString(i), file.filename());
        }
        zip.putNextEntry(new ZipEntry(META));
        zip.write(json.writeValueAsBytes(meta));
        zip.closeEntry();
        zip.finish();
        zip.flush();
    }

    private static String printable(String name) {
        String shown = name.length() > 60 ? name.substring(0, 60) + "…" : name;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
