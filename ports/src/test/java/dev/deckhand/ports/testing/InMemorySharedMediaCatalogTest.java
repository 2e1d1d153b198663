package dev.deckhand.ports.testing;

import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.out.decks.SharedMediaCatalog;

/** The in-memory catalog honours the same contract as the PostgreSQL one. */
class InMemorySharedMediaCatalogTest extends SharedMediaCatalogContract {

    private InMemorySharedMediaCatalog catalog;

    @Override
    protected SharedMediaCatalog newCatalog() {
        catalog = new InMemorySharedMediaCatalog();
        return catalog;
    }

    @Override
    protected void corruptCount(Sha256 file, int count) {
        catalog.corruptCount(file, count);
    }
}
