package dev.deckhand.adapter.sqlite.collection.planted;

import dev.deckhand.adapter.sqlite.ServerDatabase;

/** Planted violation: the collection-file adapter reaching for the server database. */
public record CollectionsUsingTheServerDatabase(ServerDatabase database) {}
