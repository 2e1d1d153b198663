package dev.deckhand.adapter.sqlite.collection.internal;

import java.util.Optional;

/**
 * The {@link RowTotals} of the collection behind one connection, so that a sync's sanity check need
 * not count the three largest tables again each time: counting them reads every page of an index,
 * which grows with the collection, while a small sync changes a handful of rows. Kept with the
 * connection by {@link OpenCollections}; the sync transactions on that connection bring it up to
 * date when they commit. Valid only while SQLite's {@code data_version} of the connection stays
 * the same, which changes as soon as any other connection commits to the file.
 *
 * <p>Used by one transaction at a time: the connection it belongs to is lent to one at a time.
 */
final class CountedRows {

    private long dataVersion;
    private RowTotals totals;

    /** The totals as of the file's {@code dataVersion}; empty if never counted or written by another connection since. */
    Optional<RowTotals> at(long dataVersion) {
        return totals != null && this.dataVersion == dataVersion ? Optional.of(totals) : Optional.empty();
    }

    void remember(long dataVersion, RowTotals totals) {
        this.dataVersion = dataVersion;
        this.totals = totals;
    }
}
