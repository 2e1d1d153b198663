package dev.deckhand.app.warmup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * One account's syncs, as two devices of the official client make them: A uploads the collection,
 * B downloads it, then rounds in which A pushes a few new notes (chunks to the server) and B pulls
 * them (chunks from the server), and a media sync now and then.
 */
final class Rehearsal {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int NOTES_PER_ROUND = 10;
    private final WireClient client;
    private final SyntheticCollection collection;
    private final String hostKey;
    private SyntheticCollection.Totals totals;
    private long nextId = 1_000_000;
    private int mediaFiles;

    private Rehearsal(WireClient client, SyntheticCollection collection, String hostKey) {
        this.client = client;
        this.collection = collection;
        this.hostKey = hostKey;
        this.totals = collection.totals();
    }

    /** Signs in (one password hash) and makes the full upload and full download. */
    static Rehearsal begin(WireClient client, SyntheticCollection collection, String user, String password) {
        JsonNode login = json(client.call("sync/hostKey", "", "login",
                "{\"u\":\"" + user + "\",\"p\":\"" + password + "\"}"));
        Rehearsal rehearsal = new Rehearsal(client, collection, login.get("key").asText());
        rehearsal.meta();
        rehearsal.expect("upload", rehearsal.call("upload", "full", collection.bytes()), "OK");
        rehearsal.call("download", "full", "{}".getBytes(StandardCharsets.UTF_8));
        return rehearsal;
    }

    /** A normal sync that sends notes, one that receives them, then a media sync. */
    void round() {
        push();
        pull();
        media();
    }

    private void push() {
        int usn = meta();
        call("start", "a", "{\"minUsn\":" + usn + ",\"lnewer\":false}");
        call("applyGraves", "a", "{\"chunk\":{\"cards\":[],\"notes\":[],\"decks\":[]}}");
        call("applyChanges", "a", "{\"changes\":{\"models\":[],\"decks\":[[],[]],\"tags\":[]}}");
        drainChunks("a");
        StringBuilder notes = new StringBuilder();
        StringBuilder cards = new StringBuilder();
        StringBuilder reviews = new StringBuilder();
        for (int i = 0; i < NOTES_PER_ROUND; i++) {
            long note = nextId++;
            long card = nextId++;
            String separator = i == 0 ? "" : ",";
            notes.append(separator).append('[').append(note).append(",\"w").append(note).append("\",")
                    .append(collection.basicNotetype()).append(",1700000100,").append(usn)
                    .append(",\"\",\"front ").append(note).append("\\u001fback\",\"\",\"\",0,\"\"]");
            cards.append(separator).append('[').append(card).append(',').append(note)
                    .append(",1,0,1700000100,").append(usn).append(",0,0,5,0,0,0,0,0,0,0,0,\"{}\"]");
            reviews.append(separator).append('[').append(card).append(',').append(card).append(',').append(usn)
                    .append(",3,1,0,2500,3000,0]");
        }
        call("applyChunk", "a", "{\"chunk\":{\"done\":true,\"notes\":[" + notes + "],\"cards\":[" + cards
                + "],\"revlog\":[" + reviews + "]}}");
        SyntheticCollection.Totals after = totals.plus(NOTES_PER_ROUND);
        if (sane("a", after)) {
            totals = after;
            call("finish", "a", "{}");
        }
    }

    private void pull() {
        int usn = meta();
        call("start", "b", "{\"minUsn\":" + Math.max(0, usn - 1) + ",\"lnewer\":false}");
        call("applyGraves", "b", "{\"chunk\":{\"cards\":[],\"notes\":[],\"decks\":[]}}");
        call("applyChanges", "b", "{\"changes\":{\"models\":[],\"decks\":[[],[]],\"tags\":[]}}");
        drainChunks("b");
        call("applyChunk", "b", "{\"chunk\":{\"done\":true}}");
        if (sane("b", totals)) {
            call("finish", "b", "{}");
        }
    }

    private void media() {
        JsonNode begun = mediaCall("begin", "{\"v\":\"anki,26.9.3\"}".getBytes(StandardCharsets.UTF_8));
        int lastUsn = begun.get("data").get("usn").asInt();
        String name = "warm-up-" + mediaFiles++ + ".txt";
        mediaCall("uploadChanges", zip(name, ("media " + name).getBytes(StandardCharsets.UTF_8)));
        mediaCall("mediaChanges", ("{\"lastUsn\":" + lastUsn + "}").getBytes(StandardCharsets.UTF_8));
        client.call("msync/downloadFiles", hostKey, "m", "{\"files\":[\"" + name + "\"]}");
        mediaCall("mediaSanity", ("{\"local\":" + mediaFiles + "}").getBytes(StandardCharsets.UTF_8));
    }

    private int meta() {
        return json(call("meta", "meta", "{\"v\":11,\"cv\":\"anki,26.9.3\"}".getBytes(StandardCharsets.UTF_8)))
                .get("usn").asInt();
    }

    private void drainChunks(String session) {
        for (int i = 0; i < 1_000; i++) {
            if (json(call("chunk", session, "{\"_pad\":null}")).get("done").asBoolean()) {
                return;
            }
        }
        throw new IllegalStateException("the server's chunks never ended");
    }

    /** Whether the server agreed; a disagreement has already rolled the session back. */
    private boolean sane(String session, SyntheticCollection.Totals expected) {
        return "ok".equals(json(call("sanityCheck2", session, expected.json())).get("status").asText());
    }

    private byte[] call(String method, String session, String json) {
        return call(method, session, json.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] call(String method, String session, byte[] body) {
        return client.call("sync/" + method, hostKey, session, body);
    }

    private JsonNode mediaCall(String method, byte[] body) {
        JsonNode answer = json(client.call("msync/" + method, hostKey, "m", body));
        if (!answer.path("err").asText().isEmpty()) {
            throw new IllegalStateException("media " + method + ": " + answer.get("err").asText());
        }
        return answer;
    }

    private void expect(String method, byte[] answer, String expected) {
        String text = new String(answer, StandardCharsets.UTF_8);
        if (!expected.equals(text)) {
            throw new IllegalStateException(method + " answered " + text);
        }
    }

    /** The zip of an {@code uploadChanges}: the file as member "0" and the {@code _meta} list naming it. */
    private static byte[] zip(String name, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            zip.putNextEntry(new ZipEntry("0"));
            zip.write(content);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("_meta"));
            zip.write(("[[\"" + name + "\",\"0\"]]").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
