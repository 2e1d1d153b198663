package dev.deckhand.app;

import dev.deckhand.adapter.http.ClusterSecret;
import dev.deckhand.adapter.postgres.PostgresSettings;
import dev.deckhand.ports.model.nodes.NodeId;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Reads where the server's shared state lives ({@code DECKHAND_SERVER_DATABASE}) and, with
 * {@code DECKHAND_NODE_ID}, this server's part in a cluster of nodes.
 */
final class ClusterSettings {

    private ClusterSettings() {}

    /** The PostgreSQL database for accounts, host keys, media ledgers and placements; empty keeps them in {@code deckhand.sqlite}. */
    static Optional<PostgresSettings> serverDatabase(EnvironmentVariables env) {
        String database = env.text("sqlite", "DECKHAND_SERVER_DATABASE");
        if (database.equals("sqlite")) {
            return Optional.empty();
        }
        if (!database.equals("postgres")) {
            throw new ConfigException("DECKHAND_SERVER_DATABASE must be sqlite or postgres, got '" + database + "'");
        }
        return Optional.of(postgres(env, "DECKHAND_SERVER_DATABASE=postgres"));
    }

    /** The PostgreSQL connection of {@code DECKHAND_POSTGRES_*}, which {@code because} needs. */
    static PostgresSettings postgres(EnvironmentVariables env, String because) {
        try {
            return new PostgresSettings(
                    env.first("DECKHAND_POSTGRES_URL").orElseThrow(() -> new ConfigException(
                            "DECKHAND_POSTGRES_URL is required when " + because)),
                    env.text("deckhand", "DECKHAND_POSTGRES_USER"),
                    env.secret("DECKHAND_POSTGRES_PASSWORD").orElse(""),
                    env.integer("DECKHAND_POSTGRES_POOL", 10, 1, 200));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("DECKHAND_POSTGRES_*: " + e.getMessage());
        }
    }

    /**
     * This node's id, public URL and the cluster's secret; empty for a server on its own. A node
     * needs the shared state in PostgreSQL and media in S3, so that every node sees every account
     * and serves every user's media.
     */
    static Optional<NodeConfig> node(EnvironmentVariables env, boolean postgres, boolean s3) {
        Optional<String> id = env.first("DECKHAND_NODE_ID");
        if (id.isEmpty()) {
            return Optional.empty();
        }
        if (!postgres) {
            throw new ConfigException("DECKHAND_NODE_ID needs DECKHAND_SERVER_DATABASE=postgres: the nodes share their accounts there");
        }
        if (!s3) {
            throw new ConfigException("DECKHAND_NODE_ID needs DECKHAND_BLOB_STORE=s3: every node must serve every user's media");
        }
        NodeId node;
        try {
            node = new NodeId(id.get());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("DECKHAND_NODE_ID: " + e.getMessage());
        }
        URI url = publicUrl(env.first("DECKHAND_NODE_URL")
                .orElseThrow(() -> new ConfigException("DECKHAND_NODE_URL is required when DECKHAND_NODE_ID is set")));
        ClusterSecret secret;
        try {
            secret = new ClusterSecret(env.secret("DECKHAND_CLUSTER_SECRET")
                    .orElseThrow(() -> new ConfigException("DECKHAND_CLUSTER_SECRET is required when DECKHAND_NODE_ID is set")));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("DECKHAND_CLUSTER_SECRET: " + e.getMessage());
        }
        return Optional.of(new NodeConfig(node, url, secret));
    }

    /** An absolute http(s) URL; a missing final {@code /} is added, since Anki appends {@code sync/...} to it. */
    private static URI publicUrl(String text) {
        String withSlash = text.endsWith("/") ? text : text + "/";
        try {
            URI url = new URI(withSlash);
            if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null
                    || url.getQuery() != null || url.getFragment() != null) {
                throw new ConfigException("DECKHAND_NODE_URL must be an http or https URL such as https://node1.example.org/, got '"
                        + text + "'");
            }
            return url;
        } catch (URISyntaxException e) {
            throw new ConfigException("DECKHAND_NODE_URL is not a URL: " + e.getMessage());
        }
    }
}
