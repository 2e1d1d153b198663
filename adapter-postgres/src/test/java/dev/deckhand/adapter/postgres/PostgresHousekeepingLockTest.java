package dev.deckhand.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two nodes, each with its own lock connection, against one PostgreSQL: one holds a name at a time. */
class PostgresHousekeepingLockTest {

    private static EmbeddedPostgres postgres;
    private static PostgresHousekeepingLock nodeA;
    private static PostgresHousekeepingLock nodeB;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        PostgresSettings settings = EmbeddedPostgresSettings.of(postgres, 2);
        nodeA = new PostgresHousekeepingLock(settings);
        nodeB = new PostgresHousekeepingLock(settings);
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @Test
    void whileOneNodeHoldsTheLock_theOtherGetsNothing_untilItIsReleased() {
        Optional<PostgresHousekeepingLock.Lease> first = nodeA.tryAcquire("blob-sweep");
        assertThat(first).isPresent();
        assertThat(first.get().isHeld()).isTrue();

        assertThat(nodeB.tryAcquire("blob-sweep")).isEmpty();
        assertThat(nodeA.tryAcquire("blob-sweep")).as("a second lease on the same node waits its turn too").isEmpty();
        try (PostgresHousekeepingLock.Lease other = nodeB.tryAcquire("another-chore").orElseThrow()) {
            assertThat(other.isHeld()).as("other names are independent").isTrue();
        }

        first.get().close();
        assertThat(first.get().isHeld()).isFalse();

        try (PostgresHousekeepingLock.Lease second = nodeB.tryAcquire("blob-sweep").orElseThrow()) {
            assertThat(second.isHeld()).isTrue();
            assertThat(nodeA.tryAcquire("blob-sweep")).isEmpty();
        }
    }

    @Test
    void whenTheHoldersConnectionDies_theOtherNodeGetsTheLock() {
        PostgresHousekeepingLock.Lease first = nodeA.tryAcquire("media-check").orElseThrow();
        assertThat(nodeB.tryAcquire("media-check")).isEmpty();

        int killed = Jdbi.create(postgres.getJdbcUrl("postgres", "postgres")).withHandle(h -> h.createQuery(
                        "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                                + " WHERE application_name = 'deckhand-housekeeping-lock'")
                .mapTo(Integer.class).one());
        assertThat(killed).isEqualTo(1);

        try (PostgresHousekeepingLock.Lease second = nodeB.tryAcquire("media-check").orElseThrow()) {
            assertThat(second.isHeld()).isTrue();
            assertThat(first.isHeld()).as("the first node can tell it lost the lock").isFalse();
            first.close();
            assertThat(second.isHeld()).as("closing a dead lease releases nobody else's lock").isTrue();
        }
    }

    @Test
    void keys_areFixedByTheName_soEveryNodeAndReleaseLocksTheSameOne() {
        // Pinned: a change of the derivation would let an old and a new node run the chore at once.
        assertThat(PostgresHousekeepingLock.key("blob-sweep")).isEqualTo(-1108981783952279256L);
        assertThat(PostgresHousekeepingLock.key("blob-sweep2")).isNotEqualTo(PostgresHousekeepingLock.key("blob-sweep"));
    }
}
