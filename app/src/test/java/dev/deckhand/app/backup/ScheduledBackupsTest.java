package dev.deckhand.app.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduledBackupsTest {

    @TempDir
    Path temp;

    private ScheduledBackups scheduleAt(DataFolderFixture data, BackupDestination destination, Duration sinceFixture) {
        Clock now = Clock.offset(DataFolderFixture.CLOCK, sinceFixture);
        return new ScheduledBackups(data.backup(now), destination, new Retention(), Duration.ofHours(24), 3, now);
    }

    @Test
    void theFirstBackupIsDue_anIntervalAfterTheNewestOne_butNeverDuringStartUp() throws Exception {
        DataFolderFixture data = new DataFolderFixture(temp.resolve("data")).user("alice", 1);
        BackupDestination destination = new BackupDestination(temp.resolve("backups"));

        assertThat(scheduleAt(data, destination, Duration.ZERO).firstDelay()).isEqualTo(ScheduledBackups.FIRST_DELAY_AT_LEAST);

        data.backup(DataFolderFixture.CLOCK).run(destination);

        assertThat(scheduleAt(data, destination, Duration.ofHours(2)).firstDelay()).isEqualTo(Duration.ofHours(22));
        assertThat(scheduleAt(data, destination, Duration.ofHours(30)).firstDelay())
                .isEqualTo(ScheduledBackups.FIRST_DELAY_AT_LEAST);
    }

    @Test
    void aRun_backsUpAndKeepsOnlyTheNewest() throws Exception {
        DataFolderFixture data = new DataFolderFixture(temp.resolve("data")).user("alice", 1);
        BackupDestination destination = new BackupDestination(temp.resolve("backups"));

        for (int hour = 0; hour < 5; hour++) {
            scheduleAt(data, destination, Duration.ofHours(hour)).runOnce();
        }

        assertThat(destination.complete()).extracting(BackupDestination.CompleteBackup::name).containsExactly(
                "backup-2026-12-04T05-00-00Z", "backup-2026-12-04T06-00-00Z", "backup-2026-12-04T07-00-00Z");
    }
}
