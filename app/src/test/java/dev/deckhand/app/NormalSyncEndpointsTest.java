package dev.deckhand.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.Zstd;
import dev.deckhand.adapter.sqlite.collection.internal.schema.UnicaseCollation;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Normal sync over real HTTP: a whole session, and malformed or out-of-order calls, each of which
 * must fail clearly and leave the stored collection as it was before {@code start}.
 */
class NormalSyncEndpointsTest {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SESSION = "sess1";

    private String user;
    private String key;
    private long basicNotetype;

    @BeforeEach
    void uploadACollection() throws Exception {
        user = SERVER.newUser();
        key = SERVER.login(user);
        assertThat(SERVER.client().call("upload", key, SERVER.collectionFile(1_700_000_000_000L)).text()).isEqualTo("OK");
        basicNotetype = query("SELECT id FROM notetypes WHERE name = 'Basic'");
    }

    private SyncTestClient.Reply call(String method, String session, String json) {
        return SERVER.client().raw(method, Optional.of(SyncTestClient.header(11, key, session)),
                Zstd.compress(json.getBytes(StandardCharsets.UTF_8)));
    }

    private SyncTestClient.Reply call(String method, String json) {
        return call(method, SESSION, json);
    }

    private long query(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + SERVER.collectionOf(user))) {
            UnicaseCollation.register(c);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private String note(long id, long notetype, String fields) {
        return "[" + id + ",\"guid" + id + "\"," + notetype + ",1700000100,7,\" new \",\"" + fields + "\",\"\",\"\",0,\"\"]";
    }

    private static String card(long id, long noteId) {
        return "[" + id + "," + noteId + ",1,0,1700000100,7,0,0,5,0,0,0,0,0,0,0,0,\"{}\"]";
    }

    private void assertNothingStored() throws Exception {
        assertThat(query("SELECT count() FROM notes")).isEqualTo(1);
        assertThat(query("SELECT usn FROM col")).isEqualTo(7);
        assertThat(query("SELECT mod FROM col")).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void aWholeSession_mergesTheClientsRows_andCommitsOnce() throws Exception {
        JsonNode graves = JSON.readTree(call("start", "{\"minUsn\":7,\"lnewer\":true}").payload());
        assertThat(graves.get("cards")).isEmpty();
        assertThat(call("applyGraves", "{\"chunk\":{\"cards\":[],\"notes\":[],\"decks\":[]}}").text()).isEqualTo("null");
        JsonNode changes = JSON.readTree(call("applyChanges",
                "{\"changes\":{\"models\":[],\"decks\":[[],[]],\"tags\":[\"new\"],\"conf\":{\"curDeck\":1,\"x\":0.1},\"crt\":1600000000}}").payload());
        assertThat(changes.has("conf")).as("the newer client's config wins; the server sends none").isFalse();
        assertThat(JSON.readTree(call("chunk", "{\"_pad\":null}").payload()).get("done").asBoolean()).isTrue();
        assertThat(call("applyChunk", "{\"chunk\":{\"done\":true,\"notes\":[" + note(50, basicNotetype, "front\\u001fback")
                + "],\"cards\":[" + card(51, 50) + "]}}").text()).isEqualTo("null");
        JsonNode sanity = JSON.readTree(call("sanityCheck2", "{\"client\":[[0,0,0],2,2,0,0,5,1,1]}").payload());
        assertThat(sanity.get("status").asText()).isEqualTo("ok");

        long mod = Long.parseLong(call("finish", "{}").text());

        assertThat(query("SELECT usn FROM col")).isEqualTo(8);
        assertThat(query("SELECT mod FROM col")).isEqualTo(mod);
        assertThat(query("SELECT count() FROM notes")).isEqualTo(2);
        assertThat(query("SELECT csum FROM notes WHERE id = 50")).as("checksum computed").isPositive();
        assertThat(query("SELECT usn FROM notes WHERE id = 50")).isEqualTo(7);
        assertThat(query("SELECT crt FROM col")).isEqualTo(1_600_000_000L);
        assertThat(query("SELECT count() FROM tags WHERE tag = 'new'")).isEqualTo(1);
    }

    @Test
    void callsWithoutAStart_get409() throws Exception {
        assertThat(call("chunk", "{}").status()).isEqualTo(409);
        assertThat(call("applyChunk", "{\"chunk\":{\"done\":true}}").status()).isEqualTo(409);
        assertNothingStored();
    }

    @Test
    void aChunkAfterFinish_gets409() throws Exception {
        call("start", "{\"minUsn\":7,\"lnewer\":false}").payload();
        call("finish", "{}").payload();

        assertThat(call("chunk", "{}").status()).isEqualTo(409);
        assertThat(call("applyChunk", "{\"chunk\":{\"done\":true}}").status()).isEqualTo(409);
    }

    @Test
    void aNewStart_supersedesTheOldSession_whichGets409() throws Exception {
        call("start", "{\"minUsn\":7,\"lnewer\":false}").payload();
        call("start", "other", "{\"minUsn\":7,\"lnewer\":false}").payload();

        SyncTestClient.Reply old = call("chunk", "{}");

        assertThat(old.status()).isEqualTo(409);
        assertThat(old.errorText()).contains("another device");
        assertThat(call("chunk", "other", "{}").status()).isEqualTo(200);
    }

    @Test
    void aMissingSessionKey_is400() throws Exception {
        assertThat(call("start", "", "{\"minUsn\":7,\"lnewer\":false}").status()).isEqualTo(400);
        assertNothingStored();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"chunk\":{\"done\":true,\"cards\":[[1,2,3]]}}",
        "{\"chunk\":{\"done\":true,\"revlog\":[[1,2,3,4,5,6,7,8]]}}",
        "{\"chunk\":{\"done\":true,\"notes\":[[1,\"g\",1,1,1,\"\",\"x\",\"\",\"\",0]]}}",
        "{\"chunk\":{\"done\":true,\"cards\":[[1,1,1,0,1,7,0,9,0,0,0,0,0,0,0,0,0,\"{}\"]]}}",
        "{\"chunk\":{\"done\":\"yes\"}}",
        "{\"chunk\":[]}",
        "{\"chunk\":{\"done\":true,\"cards\":[[1,1,1,0,1,7,0,0,0,0,0,0,0,0,0,0,0,5]]}}"
    })
    void malformedRows_are400_andRollTheSessionBack(String body) throws Exception {
        call("start", "{\"minUsn\":7,\"lnewer\":false}").payload();
        call("applyChunk", "{\"chunk\":{\"done\":false,\"notes\":[" + note(60, basicNotetype, "a\\u001fb") + "]}}").payload();

        SyncTestClient.Reply reply = call("applyChunk", body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorText()).contains("invalid json");
        assertThat(call("finish", "{}").status()).as("the session is gone").isEqualTo(409);
        assertNothingStored();
    }

    @Test
    void aNoteForAMissingNotetype_is400_andRollsBack() throws Exception {
        call("start", "{\"minUsn\":7,\"lnewer\":false}").payload();

        SyncTestClient.Reply reply = call("applyChunk", "{\"chunk\":{\"done\":true,\"notes\":[" + note(70, 424242, "a\\u001fb") + "]}}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorText()).contains("notetype 424242");
        assertThat(call("finish", "{}").status()).isEqualTo(409);
        assertNothingStored();
    }

    @Test
    void aNoteWithTheWrongFieldCount_is400() throws Exception {
        call("start", "{\"minUsn\":7,\"lnewer\":false}").payload();

        SyncTestClient.Reply reply = call("applyChunk", "{\"chunk\":{\"done\":true,\"notes\":[" + note(71, basicNotetype, "one\\u001ftwo\\u001fthree") + "]}}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorText()).contains("3 fields");
        assertNothingStored();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"changes\":{\"models\":[],\"decks\":[[]],\"tags\":[]}}",
        "{\"changes\":{\"models\":[{\"id\":1}],\"decks\":[[],[]],\"tags\":[]}}",
        "{\"changes\":{\"models\":[],\"decks\":[[],[]],\"tags\":[5]}}",
        "{\"changes\":{\"models\":[],\"decks\":[[],[]],\"tags\":[],\"conf\":[]}}",
        "{\"changes\":null}"
    })
    void malformedChanges_are400(String body) throws Exception {
        call("start", "{\"minUsn\":7,\"lnewer\":true}").payload();

        assertThat(call("applyChanges", body).status()).isEqualTo(400);
        assertNothingStored();
    }

    @Test
    void aSanityMismatch_saysBad_andRollsBack() throws Exception {
        call("start", "{\"minUsn\":7,\"lnewer\":false}").payload();
        call("applyChunk", "{\"chunk\":{\"done\":true,\"notes\":[" + note(80, basicNotetype, "a\\u001fb") + "]}}").payload();

        JsonNode sanity = JSON.readTree(call("sanityCheck2", "{\"client\":[[0,0,0],99,2,0,0,5,1,1]}").payload());

        assertThat(sanity.get("status").asText()).isEqualTo("bad");
        assertThat(call("finish", "{}").status()).isEqualTo(409);
        assertNothingStored();
    }

    @Test
    void abort_rollsBackWhateverTheSessionWrote() throws Exception {
        call("start", "{\"minUsn\":7,\"lnewer\":false}").payload();
        call("applyChunk", "{\"chunk\":{\"done\":true,\"notes\":[" + note(90, basicNotetype, "a\\u001fb") + "]}}").payload();

        assertThat(call("abort", "{}").text()).isEqualTo("null");

        assertNothingStored();
    }

    @Test
    void aFullUpload_preemptsAnOpenSession() throws Exception {
        call("start", "{\"minUsn\":7,\"lnewer\":false}").payload();

        assertThat(SERVER.client().call("upload", key, SERVER.collectionFile(1_750_000_000_000L)).text()).isEqualTo("OK");

        assertThat(call("chunk", "{}").status()).isEqualTo(409);
        assertThat(query("SELECT mod FROM col")).isEqualTo(1_750_000_000_000L);
    }
}
