package dev.deckhand.ports.testing;

import dev.deckhand.ports.model.MediaChange;
import dev.deckhand.ports.model.MediaFile;
import dev.deckhand.ports.model.MediaState;
import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.MediaLedger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Media ledgers in maps, for tests of the media core. */
public final class InMemoryMediaLedger implements MediaLedger {

    private record Row(Optional<MediaFile> file, String sha1, int usn) {}

    private final Map<UserId, Map<String, Row>> rows = new HashMap<>();
    private final Map<UserId, Integer> usns = new HashMap<>();

    @Override
    public synchronized MediaState state(UserId user) {
        List<MediaFile> live = rows.getOrDefault(user, Map.of()).values().stream().flatMap(r -> r.file().stream()).toList();
        return new MediaState(usns.getOrDefault(user, 0), live.size(), live.stream().mapToLong(MediaFile::size).sum());
    }

    @Override
    public synchronized List<MediaChange> changesAfter(UserId user, int afterUsn, int limit) {
        List<MediaChange> changes = new ArrayList<>();
        rows.getOrDefault(user, Map.of()).forEach((name, row) -> {
            if (row.usn() > afterUsn) {
                changes.add(new MediaChange(name, row.usn(), row.file().isPresent() ? row.sha1() : ""));
            }
        });
        changes.sort(Comparator.comparingInt(MediaChange::usn));
        return changes.subList(0, Math.min(limit, changes.size()));
    }

    @Override
    public synchronized Optional<MediaFile> file(UserId user, String filename) {
        Row row = rows.getOrDefault(user, Map.of()).get(filename);
        return row == null ? Optional.empty() : row.file();
    }

    @Override
    public synchronized MediaState apply(UserId user, List<MediaUpdate> updates, long nowSecs) {
        Map<String, Row> mine = rows.computeIfAbsent(user, u -> new HashMap<>());
        for (MediaUpdate update : updates) {
            Optional<MediaFile> current = file(user, update.filename());
            boolean same = current.isPresent() && update.content().isPresent()
                    && current.get().sha1().equals(update.content().get().sha1());
            boolean pointless = current.isEmpty() && update.content().isEmpty();
            if (!same && !pointless) {
                int usn = usns.merge(user, 1, Integer::sum);
                String sha1 = update.content().map(MediaFile::sha1).orElse(current.map(MediaFile::sha1).orElse(""));
                mine.put(update.filename(), new Row(update.content(), sha1, usn));
            }
        }
        return state(user);
    }

    @Override
    public synchronized boolean references(Sha256 blob) {
        return rows.values().stream().flatMap(m -> m.values().stream())
                .anyMatch(r -> r.file().isPresent() && r.file().get().sha256().equals(blob));
    }
}
