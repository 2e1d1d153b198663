package dev.deckhand.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The happy paths of every endpoint, over real HTTP against a real server. */
class SyncEndpointsTest {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void health_answersWithoutAuthentication() throws Exception {
        assertThat(SERVER.client().get("health").statusCode()).isEqualTo(200);
    }

    @Test
    void hostKey_givesEachLoginItsOwnKey() {
        String user = SERVER.newUser();
        String first = SERVER.login(user);
        String second = SERVER.login(user);

        assertThat(first).hasSize(43).isNotEqualTo(second);
    }

    @Test
    void meta_ofANewAccount_describesAnEmptyCollection() throws Exception {
        JsonNode meta = JSON.readTree(SERVER.client().call("meta", SERVER.login(SERVER.newUser()), "{\"v\":11,\"cv\":\"anki,26.9.3\"}").payload());

        assertThat(meta.get("mod").asLong()).isZero();
        assertThat(meta.get("usn").asInt()).isZero();
        assertThat(meta.get("empty").asBoolean()).isTrue();
        assertThat(meta.get("cont").asBoolean()).isTrue();
        assertThat(meta.get("media_usn").asInt()).isZero();
        assertThat(meta.get("hostNum").asInt()).isZero();
        assertThat(meta.get("msg").asText()).isEmpty();
        assertThat(meta.get("ts").asLong()).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(60L));
        assertThat(meta.get("scm").asLong()).isPositive();
    }

    @Test
    void upload_thenMetaAndDownload_returnTheUploadedCollection() throws Exception {
        String key = SERVER.login(SERVER.newUser());
        byte[] upload = SERVER.collectionFile(1_700_000_000_000L);

        assertThat(SERVER.client().call("upload", key, upload).text()).isEqualTo("OK");

        JsonNode meta = JSON.readTree(SERVER.client().call("meta", key, "{\"v\":11,\"cv\":\"x\"}").payload());
        assertThat(meta.get("mod").asLong()).isEqualTo(1_700_000_000_000L);
        assertThat(meta.get("usn").asInt()).isEqualTo(7);
        assertThat(meta.get("empty").asBoolean()).isFalse();

        byte[] downloaded = SERVER.client().call("download", key, "{}").payload();
        Path copy = Files.createTempFile("download", ".anki2");
        Files.write(copy, downloaded);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + copy);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT usn, mod, (SELECT count(*) FROM cards) FROM col")) {
            rs.next();
            assertThat(rs.getInt(1)).as("a full download bumps the usn").isEqualTo(8);
            assertThat(rs.getLong(2)).as("and sets mod to now").isGreaterThan(1_700_000_000_000L);
            assertThat(rs.getInt(3)).isEqualTo(1);
        }
    }

    @Test
    void download_ofANewAccount_isAValidEmptyCollection() throws Exception {
        byte[] downloaded = SERVER.client().call("download", SERVER.login(SERVER.newUser()), "{}").payload();

        assertThat(new String(downloaded, 0, 15, StandardCharsets.US_ASCII)).isEqualTo("SQLite format 3");
    }

    @Test
    void abort_withNoSyncInProgress_isHarmless() {
        assertThat(SERVER.client().call("abort", SERVER.login(SERVER.newUser()), "{}").text()).isEqualTo("null");
    }

    @Test
    void usersNeverSeeEachOthersCollections() throws Exception {
        String aliceName = SERVER.newUser();
        String bobName = SERVER.newUser();
        String alice = SERVER.login(aliceName);
        String bob = SERVER.login(bobName);
        SERVER.client().call("upload", alice, SERVER.collectionFile(1_650_000_000_000L)).text();

        JsonNode bobsMeta = JSON.readTree(SERVER.client().call("meta", bob, "{\"v\":11,\"cv\":\"x\"}").payload());

        assertThat(bobsMeta.get("mod").asLong()).isNotEqualTo(1_650_000_000_000L);
        assertThat(SERVER.collectionOf(aliceName)).isNotEqualTo(SERVER.collectionOf(bobName));
    }
}
