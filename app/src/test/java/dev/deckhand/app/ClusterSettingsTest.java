package dev.deckhand.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.model.nodes.NodeId;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterSettingsTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef-secret";

    private static Map<String, String> node(String... more) {
        Map<String, String> env = new HashMap<>(Map.of(
                "DECKHAND_SERVER_DATABASE", "postgres",
                "DECKHAND_POSTGRES_URL", "jdbc:postgresql://db.internal:5432/deckhand",
                "DECKHAND_BLOB_STORE", "s3",
                "DECKHAND_S3_BUCKET", "media",
                "DECKHAND_NODE_ID", "node-2",
                "DECKHAND_NODE_URL", "https://node2.sync.example.org",
                "DECKHAND_CLUSTER_SECRET", SECRET));
        for (int i = 0; i < more.length; i += 2) {
            if (more[i + 1] == null) {
                env.remove(more[i]);
            } else {
                env.put(more[i], more[i + 1]);
            }
        }
        return env;
    }

    @Test
    void byDefault_theStateIsInTheDataFolder_andTheServerIsOnItsOwn() {
        ServerConfig config = ServerConfig.fromEnv(Map.of());

        assertThat(config.serverDatabase()).isEmpty();
        assertThat(config.node()).isEmpty();
    }

    @Test
    void aNode_getsItsIdAndAUrlEndingInASlash() {
        ServerConfig config = ServerConfig.fromEnv(node());

        assertThat(config.serverDatabase()).get().extracting(p -> p.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/deckhand");
        assertThat(config.node()).get().satisfies(node -> {
            assertThat(node.id()).isEqualTo(new NodeId("node-2"));
            assertThat(node.publicUrl()).isEqualTo(URI.create("https://node2.sync.example.org/"));
        });
    }

    @Test
    void aNode_needsSharedStateAndSharedMedia_andSaysWhy() {
        assertThatThrownBy(() -> ServerConfig.fromEnv(node("DECKHAND_SERVER_DATABASE", null)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DECKHAND_SERVER_DATABASE=postgres");
        assertThatThrownBy(() -> ServerConfig.fromEnv(node("DECKHAND_BLOB_STORE", null)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DECKHAND_BLOB_STORE=s3");
        assertThatThrownBy(() -> ServerConfig.fromEnv(node("DECKHAND_POSTGRES_URL", null)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DECKHAND_POSTGRES_URL");
    }

    @Test
    void badNodeSettings_areRefusedNamingTheSetting_andTheSecretIsNeverShown() {
        assertThatThrownBy(() -> ServerConfig.fromEnv(node("DECKHAND_NODE_ID", "Node One")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DECKHAND_NODE_ID");
        assertThatThrownBy(() -> ServerConfig.fromEnv(node("DECKHAND_NODE_URL", "node2.example.org")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DECKHAND_NODE_URL");
        assertThatThrownBy(() -> ServerConfig.fromEnv(node("DECKHAND_NODE_URL", null)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DECKHAND_NODE_URL is required");
        assertThatThrownBy(() -> ServerConfig.fromEnv(node("DECKHAND_CLUSTER_SECRET", "short")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("at least 32").hasMessageNotContaining("short");
        assertThatThrownBy(() -> ServerConfig.fromEnv(node("DECKHAND_SERVER_DATABASE", "mysql")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sqlite or postgres");
        assertThat(ServerConfig.fromEnv(node()).node().orElseThrow().toString()).doesNotContain(SECRET);
    }
}
