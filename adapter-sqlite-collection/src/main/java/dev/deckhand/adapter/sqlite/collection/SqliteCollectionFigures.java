package dev.deckhand.adapter.sqlite.collection;

import dev.deckhand.adapter.sqlite.collection.internal.CollectionCounts;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.CollectionFigures;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@link CollectionFigures} of the collection files under a data folder: sizes from the file system,
 * notes, cards and {@code col.ls} from each collection opened read-only ({@link CollectionCounts}),
 * kept while the file is unchanged.
 */
public final class SqliteCollectionFigures implements CollectionFigures {

    private final CollectionFiles files;
    private final CollectionCounts counts = new CollectionCounts();

    public SqliteCollectionFigures(Path dataFolder) {
        this.files = new CollectionFiles(dataFolder);
    }

    @Override
    public Optional<StoredCollection> collection(UserId user) {
        Path collection = files.collection(user);
        return CollectionCounts.stamp(collection).map(stamp -> {
            Optional<CollectionCounts.Counts> read = counts.counts(collection, stamp);
            if (read.isEmpty()) {
                // A collection that could not be read right now is dated by its file instead.
                return new StoredCollection(stamp.bytes(), OptionalLong.empty(), OptionalLong.empty(),
                        Optional.of(stamp.modified()));
            }
            CollectionCounts.Counts found = read.get();
            return new StoredCollection(stamp.bytes(), OptionalLong.of(found.notes()), OptionalLong.of(found.cards()),
                    found.lastSync());
        });
    }

    @Override
    public Totals totals() {
        long collections = 0;
        long bytes = 0;
        for (Path collection : files.stored()) {
            Optional<CollectionCounts.Stamp> stamp = CollectionCounts.stamp(collection);
            if (stamp.isPresent()) {
                collections++;
                bytes += stamp.get().bytes();
            }
        }
        return new Totals(collections, bytes);
    }
}
