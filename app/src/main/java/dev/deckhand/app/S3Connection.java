package dev.deckhand.app;

import dev.deckhand.adapter.s3.S3Settings;
import java.net.URI;
import java.util.Optional;

/** The S3 connection settings ({@code DECKHAND_S3_*}) shared by media blobs and shared-deck media. */
final class S3Connection {

    private S3Connection() {}

    static S3Settings fromEnv(EnvironmentVariables env, String bucket, String keyPrefix) {
        Optional<URI> endpoint;
        try {
            endpoint = env.first("DECKHAND_S3_ENDPOINT").map(URI::create);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("DECKHAND_S3_ENDPOINT is not a URL: " + e.getMessage());
        }
        try {
            return new S3Settings(
                    endpoint,
                    env.text("us-east-1", "DECKHAND_S3_REGION"),
                    bucket,
                    keyPrefix,
                    env.flag("DECKHAND_S3_PATH_STYLE", true),
                    env.first("DECKHAND_S3_ACCESS_KEY_ID"),
                    env.secret("DECKHAND_S3_SECRET_ACCESS_KEY"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("DECKHAND_S3_*: " + e.getMessage());
        }
    }
}
