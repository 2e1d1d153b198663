package dev.deckhand.adapter.sqlite.collection.internal;

/** How many cards, notes and review entries a collection holds, or how many a transaction added or removed. */
record RowTotals(long cards, long notes, long revlog) {

    static final RowTotals NONE = new RowTotals(0, 0, 0);

    RowTotals plus(RowTotals other) {
        return new RowTotals(cards + other.cards, notes + other.notes, revlog + other.revlog);
    }

    RowTotals minus(RowTotals other) {
        return new RowTotals(cards - other.cards, notes - other.notes, revlog - other.revlog);
    }
}
