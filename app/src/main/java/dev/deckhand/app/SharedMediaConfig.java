package dev.deckhand.app;

import dev.deckhand.adapter.http.ApiRateLimits;
import dev.deckhand.adapter.postgres.PostgresSettings;
import dev.deckhand.adapter.s3.S3Settings;
import dev.deckhand.media.shared.SharedMediaLimits;
import java.util.Objects;

/** The shared-deck media service: its catalog in PostgreSQL, its files in S3, its limits and its API's rate limits. */
public record SharedMediaConfig(PostgresSettings postgres, S3Settings objects, SharedMediaLimits limits, ApiRateLimits rates) {

    public SharedMediaConfig {
        Objects.requireNonNull(postgres, "postgres");
        Objects.requireNonNull(objects, "objects");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(rates, "rates");
    }
}
