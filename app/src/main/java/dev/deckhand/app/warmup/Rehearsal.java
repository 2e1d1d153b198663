package dev.deckhand.app.warmup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * One account's syncs, as two devices of the official client make them: A uploads the collection,
 * B downloads it, then rounds in which A pushes a few new notes (chunks to the server) with an
 * edited notetype, deck and deck options, B pulls them (chunks from the server) and sends its edits
 * of the notes, and a media sync.
 */
final class Rehearsal {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int NOTES_PER_ROUND = 10;
    private static final long ADDED = 1_700_000_100;
    private static final long EDITED = 1_700_000_200;
    /** Type, queue, due, interval, ease, reps, lapses, left, original due and deck, flags. */
    private static final String NEW_CARD = "0,0,5,0,0,0,0,0,0,0,0";
    private static final String REVIEWED_CARD = "2,2,10,3,2500,1,0,0,0,0,0";
    private final WireClient client;
    private final SyntheticCollection collection;
    private final String hostKey;
    private SyntheticCollection.Totals totals;
    private long nextId = 1_000_000;
    /** The first note id of the last push; its notes are ids two apart, each followed by its card. */
    private long lastPushed;
    private int mediaFiles;
    /** A notetype, a deck and a deck's options as the server last sent them; none before the first pull. */
    private JsonNode notetype;
    private JsonNode deck;
    private JsonNode deckConfig;

    private Rehearsal(WireClient client, SyntheticCollection collection, String hostKey) {
        this.client = client;
        this.collection = collection;
        this.hostKey = hostKey;
        this.totals = collection.totals();
    }

    /** Signs in (one password hash), makes the full upload and full download, then receives everything once. */
    static Rehearsal begin(WireClient client, SyntheticCollection collection, String user, String password) {
        JsonNode login = json(client.call("sync/hostKey", "", "login",
                "{\"u\":\"" + user + "\",\"p\":\"" + password + "\"}"));
        Rehearsal rehearsal = new Rehearsal(client, collection, login.get("key").asText());
        rehearsal.meta();
        rehearsal.expect("upload", rehearsal.call("upload", "full", collection.bytes()), "OK");
        rehearsal.call("download", "full", "{}".getBytes(StandardCharsets.UTF_8));
        rehearsal.pullEverything();
        return rehearsal;
    }

    /**
     * A normal sync from usn 0, which has the server send every row and object it holds: the
     * notetype, deck and deck options that {@link #push()} then sends back edited.
     */
    private void pullEverything() {
        meta();
        receive(0);
        call("applyChunk", "b", "{\"chunk\":{\"done\":true}}");
        requireSane("b", totals);
        call("finish", "b", "{}");
    }

    /** A normal sync that sends notes, one that receives them, then a media sync. */
    void round() {
        push();
        pull();
        media();
    }

    /**
     * As the device whose side is newer: besides its notes it sends a new tag, its whole config and
     * its creation stamp, as the official client did in the benchmark's first normal sync after a
     * full sync. Without them the tag rules (and the Unicode tables they load) and the config's
     * replacement waited for the first user: about 10 ms of that user's first normal sync. It also
     * sends back the notetype, deck and deck options of the last pull, edited, as a client that
     * added and reviewed cards does: their merge was compiled in the first users' syncs too.
     */
    private void push() {
        int usn = meta();
        call("start", "a", "{\"minUsn\":" + usn + ",\"lnewer\":true}");
        call("applyGraves", "a", "{\"chunk\":{\"cards\":[],\"notes\":[],\"decks\":[]}}");
        long firstNote = nextId;
        call("applyChanges", "a", "{\"changes\":{\"models\":[" + edited(notetype, usn) + "],\"decks\":[["
                + edited(deck, usn) + "],[" + edited(deckConfig, usn) + "]],\"tags\":[\"warm-up::push-" + firstNote
                + "\"],\"conf\":" + collection.config() + ",\"crt\":" + collection.creationStamp() + "}}");
        drainChunks("a");
        StringBuilder notes = new StringBuilder();
        StringBuilder cards = new StringBuilder();
        StringBuilder reviews = new StringBuilder();
        for (int i = 0; i < NOTES_PER_ROUND; i++) {
            long note = nextId++;
            long card = nextId++;
            String separator = i == 0 ? "" : ",";
            notes.append(separator).append(noteRow(note, ADDED, usn, "front " + note));
            cards.append(separator).append(cardRow(card, note, ADDED, usn, NEW_CARD));
            reviews.append(separator).append('[').append(card).append(',').append(card).append(',').append(usn)
                    .append(",3,1,0,2500,3000,0]");
        }
        call("applyChunk", "a", "{\"chunk\":{\"done\":true,\"notes\":[" + notes + "],\"cards\":[" + cards
                + "],\"revlog\":[" + reviews + "]}}");
        totals = totals.plus(NOTES_PER_ROUND);
        requireSane("a", totals);
        call("finish", "a", "{}");
        lastPushed = firstNote;
    }

    /**
     * As the other device: it receives the notes just pushed, then sends edits of them and of their
     * cards' schedule, so rows the server already holds are compared and replaced.
     */
    private void pull() {
        int usn = meta();
        receive(Math.max(0, usn - 1));
        StringBuilder notes = new StringBuilder();
        StringBuilder cards = new StringBuilder();
        for (int i = 0; i < NOTES_PER_ROUND; i++) {
            long note = lastPushed + 2L * i;
            String separator = i == 0 ? "" : ",";
            notes.append(separator).append(noteRow(note, EDITED, usn, "edited " + note));
            cards.append(separator).append(cardRow(note + 1, note, EDITED, usn, REVIEWED_CARD));
        }
        call("applyChunk", "b", "{\"chunk\":{\"done\":true,\"notes\":[" + notes + "],\"cards\":[" + cards + "]}}");
        requireSane("b", totals);
        call("finish", "b", "{}");
    }

    /** As the device whose side is older, with nothing of its own to send: the server's side since {@code minUsn}. */
    private void receive(int minUsn) {
        call("start", "b", "{\"minUsn\":" + minUsn + ",\"lnewer\":false}");
        call("applyGraves", "b", "{\"chunk\":{\"cards\":[],\"notes\":[],\"decks\":[]}}");
        keepObjects(json(call("applyChanges", "b", "{\"changes\":{\"models\":[],\"decks\":[[],[]],\"tags\":[]}}")));
        drainChunks("b");
    }

    /** The notetype, deck and deck options the server last sent, in that order; empty before the first pull. */
    List<JsonNode> objects() {
        return Stream.of(notetype, deck, deckConfig).filter(Objects::nonNull).toList();
    }

    /** Keeps the first notetype, deck and deck options of the server's changes, where it sent any. */
    private void keepObjects(JsonNode changes) {
        notetype = first(changes.path("models"), notetype);
        deck = first(changes.path("decks").path(0), deck);
        deckConfig = first(changes.path("decks").path(1), deckConfig);
    }

    private static JsonNode first(JsonNode objects, JsonNode otherwise) {
        return objects.isArray() && !objects.isEmpty() ? objects.get(0) : otherwise;
    }

    /** {@code object} one second newer and stamped with {@code usn}, as JSON text; nothing when there is none. */
    private static String edited(JsonNode object, int usn) {
        if (object == null) {
            return "";
        }
        ObjectNode copy = object.deepCopy();
        copy.put("mod", object.path("mod").asLong() + 1).put("usn", usn);
        return copy.toString();
    }

    /** A Basic note's row as a chunk carries it. */
    private String noteRow(long note, long modified, int usn, String front) {
        return "[" + note + ",\"w" + note + "\"," + collection.basicNotetype() + "," + modified + "," + usn + ",\"\",\"" + front
                + "\\u001fback\",\"\",\"\",0,\"\"]";
    }

    /** A card's row as a chunk carries it; {@code schedule} is everything from its type to its flags. */
    private static String cardRow(long card, long note, long modified, int usn, String schedule) {
        return "[" + card + "," + note + ",1,0," + modified + "," + usn + "," + schedule + ",\"{}\"]";
    }

    private void media() {
        JsonNode begun = mediaCall("begin", "{\"v\":\"anki,26.9.3\"}".getBytes(StandardCharsets.UTF_8));
        int lastUsn = begun.get("data").get("usn").asInt();
        String name = "warm-up-" + mediaFiles++ + ".txt";
        mediaCall("uploadChanges", zip(name, ("media " + name).getBytes(StandardCharsets.UTF_8)));
        mediaCall("mediaChanges", ("{\"lastUsn\":" + lastUsn + "}").getBytes(StandardCharsets.UTF_8));
        client.call("msync/downloadFiles", hostKey, "m", "{\"files\":[\"" + name + "\"]}");
        // The round's last call closes its connection: Jetty's code for a new one runs each round.
        mediaAnswer("mediaSanity", client.callAndHangUp("msync/mediaSanity", hostKey, "m",
                ("{\"local\":" + mediaFiles + "}").getBytes(StandardCharsets.UTF_8)));
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

    /** The rehearsal knows every row it sent, so a server that counts otherwise has a fault worth a warning. */
    private void requireSane(String session, SyntheticCollection.Totals expected) {
        JsonNode answer = json(call("sanityCheck2", session, expected.json()));
        if (!"ok".equals(answer.get("status").asText())) {
            throw new IllegalStateException("the server's counts differ from the rehearsal's: " + answer);
        }
    }

    private byte[] call(String method, String session, String json) {
        return call(method, session, json.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] call(String method, String session, byte[] body) {
        return client.call("sync/" + method, hostKey, session, body);
    }

    private JsonNode mediaCall(String method, byte[] body) {
        return mediaAnswer(method, client.call("msync/" + method, hostKey, "m", body));
    }

    private static JsonNode mediaAnswer(String method, byte[] body) {
        JsonNode answer = json(body);
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
