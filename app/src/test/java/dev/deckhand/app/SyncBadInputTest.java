package dev.deckhand.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Malformed, oversized and hostile requests: each gets the status the client expects and a readable
 * reason, and the user's stored collection stays exactly as it was.
 */
class SyncBadInputTest {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();
    private static final String META = "{\"v\":11,\"cv\":\"anki,26.9.3\"}";

    private String user;
    private String key;
    private byte[] storedBefore;

    @BeforeEach
    void uploadACollection() throws Exception {
        user = SERVER.newUser();
        key = SERVER.login(user);
        assertThat(SERVER.client().call("upload", key, SERVER.collectionFile(1_700_000_000_000L)).text()).isEqualTo("OK");
        storedBefore = Files.readAllBytes(SERVER.collectionOf(user));
    }

    private void assertCollectionUntouched() throws Exception {
        assertThat(Files.readAllBytes(SERVER.collectionOf(user))).isEqualTo(storedBefore);
        assertThat(Files.list(SERVER.collectionOf(user).getParent()))
                .as("no staging files left behind")
                .extracting(p -> p.getFileName().toString())
                .containsExactly("collection.anki2");
    }

    private static byte[] zstd(String text) {
        return Zstd.compress(text.getBytes(StandardCharsets.UTF_8));
    }

    @Nested
    class Header {
        @Test
        void missing_is400WithAnExplanation() throws Exception {
            SyncTestClient.Reply reply = SERVER.client().raw("meta", Optional.empty(), zstd(META));

            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.errorText()).contains("anki-sync header").contains("request");
            assertCollectionUntouched();
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "not json", "[]", "{}", "{\"v\":11}", "{\"v\":\"11\",\"k\":\"\",\"c\":\"x\",\"s\":\"y\"}",
            "{\"v\":11,\"k\":5,\"c\":\"x\",\"s\":\"y\"}", "{\"v\":11.5,\"k\":\"\",\"c\":\"x\",\"s\":\"y\"}",
            "{\"v\":-1,\"k\":\"\",\"c\":\"x\",\"s\":\"y\"}", "{\"v\":11,\"k\":null,\"c\":\"x\",\"s\":\"y\"}"
        })
        void malformed_is400(String header) throws Exception {
            SyncTestClient.Reply reply = SERVER.client().raw("meta", Optional.of(header), zstd(META));

            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.errorText()).contains("anki-sync header");
            assertCollectionUntouched();
        }

        @Test
        void anUnknownVersion_is400() throws Exception {
            SyncTestClient.Reply reply = SERVER.client().raw("meta", Optional.of(SyncTestClient.header(12, key, "s")), zstd(META));

            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.errorText()).contains("unsupported sync version: 12");
        }

        @Test
        void aLegacyVersion_is501SoTheClientSaysUpdateAnki() throws Exception {
            SyncTestClient.Reply reply = SERVER.client().raw("meta", Optional.of(SyncTestClient.header(10, key, "s")), zstd(META));

            assertThat(reply.status()).isEqualTo(501);
        }

        @Test
        void aHugeHeader_is400() throws Exception {
            String huge = "{\"v\":11,\"k\":\"" + "k".repeat(4000) + "\",\"c\":\"x\",\"s\":\"y\"}";

            assertThat(SERVER.client().raw("meta", Optional.of(huge), zstd(META)).status()).isEqualTo(400);
        }
    }

    @Nested
    class Authentication {
        @ParameterizedTest
        @ValueSource(strings = {"meta", "upload", "download", "abort"})
        void anUnknownHostKey_is403(String method) throws Exception {
            SyncTestClient.Reply reply = SERVER.client().call(method, "not-a-key", "{}");

            assertThat(reply.status()).isEqualTo(403);
            assertCollectionUntouched();
        }

        @Test
        void anEmptyHostKey_is403() throws Exception {
            assertThat(SERVER.client().call("meta", "", META).status()).isEqualTo(403);
        }

        @Test
        void aWrongPassword_is403AndIssuesNoKey() {
            SyncTestClient.Reply reply = SERVER.client().call("hostKey", "", "{\"u\":\"" + user + "\",\"p\":\"wrong\"}");

            assertThat(reply.status()).isEqualTo(403);
        }

        @Test
        void anUnknownOrHostileUserName_is403() {
            for (String name : new String[] {"nobody", "../" + user, user.toUpperCase(), "", "a\\u0000b"}) {
                SyncTestClient.Reply reply = SERVER.client().call("hostKey", "", "{\"u\":\"" + name + "\",\"p\":\"" + RunningServer.PASSWORD + "\"}");

                assertThat(reply.status()).as(name).isEqualTo(403);
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"{}", "{\"u\":\"a\"}", "{\"u\":1,\"p\":\"x\"}", "{\"u\":\"a\",\"p\":null}", "[\"a\",\"b\"]", "nope"})
        void aMalformedLogin_is400(String body) {
            SyncTestClient.Reply reply = SERVER.client().call("hostKey", "", body);

            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.errorText()).contains("invalid json");
        }
    }

    @Nested
    class Bodies {
        @Test
        void brokenZstd_is400() throws Exception {
            byte[] notZstd = "this is not zstd".getBytes(StandardCharsets.US_ASCII);

            SyncTestClient.Reply reply = SERVER.client().raw("meta", Optional.of(SyncTestClient.header(11, key, "s")), notZstd);

            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.errorText()).contains("zstd");
            assertCollectionUntouched();
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "{", "{\"v\":11", "null", "[]", "{\"v\":\"11\",\"cv\":\"x\"}", "{\"v\":11}",
            "{\"v\":11,\"cv\":5}", "{\"v\":1e400,\"cv\":\"x\"}", "{\"v\":99999999999,\"cv\":\"x\"}"})
        void badMetaJson_is400(String body) throws Exception {
            SyncTestClient.Reply reply = SERVER.client().call("meta", key, body);

            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.errorText()).contains("invalid json");
            assertCollectionUntouched();
        }

        @Test
        void aMetaBodyVersionNoClientSpeaks_is501() {
            assertThat(SERVER.client().call("meta", key, "{\"v\":12,\"cv\":\"x\"}").status()).isEqualTo(501);
        }

        @ParameterizedTest
        @ValueSource(strings = {"download", "abort"})
        void argumentsWhereNoneAreTaken_are400(String method) throws Exception {
            SyncTestClient.Reply reply = SERVER.client().call(method, key, "{\"unexpected\":1}");

            assertThat(reply.status()).isEqualTo(400);
            assertCollectionUntouched();
        }

        @Test
        void anOversizedJsonBody_is413() throws Exception {
            String huge = "{\"v\":11,\"cv\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";

            SyncTestClient.Reply reply = SERVER.client().call("meta", key, huge);

            assertThat(reply.status()).isEqualTo(413);
            assertThat(reply.errorText()).contains("larger than");
            assertCollectionUntouched();
        }

        @Test
        void aZstdBomb_isStoppedAtTheLimit() throws Exception {
            byte[] bomb = Zstd.compress(new byte[64 * 1024 * 1024], 19);
            assertThat(bomb.length).isLessThan(64 * 1024);

            SyncTestClient.Reply reply = SERVER.client().raw("meta", Optional.of(SyncTestClient.header(11, key, "s")), bomb);

            assertThat(reply.status()).isEqualTo(413);
            assertCollectionUntouched();
        }

        @Test
        void anUnknownMethod_is404() throws Exception {
            SyncTestClient.Reply reply = SERVER.client().call("dropTables", key, "{}");

            assertThat(reply.status()).isEqualTo(404);
            assertThat(reply.errorText()).contains("unknown sync method");
            assertCollectionUntouched();
        }
    }

    @Nested
    class Uploads {
        @Test
        void aFileThatIsNotSqlite_isRefusedWithTheClientVisibleMessage() throws Exception {
            String reply = SERVER.client().call("upload", key, "definitely not a database".getBytes(StandardCharsets.US_ASCII)).text();

            assertThat(reply).contains("damaged").contains("not an SQLite database").contains("Check Database");
            assertCollectionUntouched();
        }

        @Test
        void anSqliteFileThatIsNotACollection_isRefused() throws Exception {
            Path file = Files.createTempDirectory("notcol").resolve("x.db");
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE stuff (a, b)");
                s.execute("INSERT INTO stuff VALUES (1, 2)");
            }

            String reply = SERVER.client().call("upload", key, Files.readAllBytes(file)).text();

            assertThat(reply).contains("not an Anki collection");
            assertCollectionUntouched();
        }

        @Test
        void aCollectionWithBrokenPages_failsTheIntegrityCheck() throws Exception {
            byte[] file = SERVER.collectionFile(1_800_000_000_000L);
            Random random = new Random(42);
            for (int i = 0; i < 2000; i++) {
                file[4096 + random.nextInt(file.length - 4096)] = (byte) random.nextInt();
            }

            String reply = SERVER.client().call("upload", key, file).text();

            assertThat(reply).contains("damaged");
            assertCollectionUntouched();
        }

        @Test
        void anOldSchema_isRefusedWithAReason() throws Exception {
            Path file = Files.createTempDirectory("old").resolve("c.anki2");
            Files.write(file, SERVER.collectionFile(1_800_000_000_000L));
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
                s.execute("UPDATE col SET ver = 11");
            }

            String reply = SERVER.client().call("upload", key, Files.readAllBytes(file)).text();

            assertThat(reply).contains("schema 11 is not supported");
            assertCollectionUntouched();
        }

        @Test
        void aTruncatedUpload_is400() throws Exception {
            byte[] compressed = Zstd.compress(SERVER.collectionFile(1_800_000_000_000L));
            byte[] truncated = Arrays.copyOf(compressed, compressed.length / 2);

            SyncTestClient.Reply reply = SERVER.client().raw("upload", Optional.of(SyncTestClient.header(11, key, "s")), truncated);

            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.errorText()).contains("upload");
            assertCollectionUntouched();
        }

        @Test
        void anEmptyUpload_isRefused() throws Exception {
            String reply = SERVER.client().call("upload", key, new byte[0]).text();

            assertThat(reply).contains("empty");
            assertCollectionUntouched();
        }

        @Test
        void anUploadOverTheLimit_isRefusedAsTooLarge() throws Exception {
            byte[] big = new byte[3 * 1024 * 1024 + 10];
            new Random(1).nextBytes(big);

            String reply = SERVER.client().call("upload", key, big).text();

            assertThat(reply).contains("too large");
            assertCollectionUntouched();
        }
    }
}
