package dev.deckhand.adapter.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** The settings that reach a test's embedded PostgreSQL as its default superuser. */
final class EmbeddedPostgresSettings {

    private EmbeddedPostgresSettings() {}

    static PostgresSettings of(EmbeddedPostgres postgres, int connections) {
        return new PostgresSettings(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", connections);
    }
}
