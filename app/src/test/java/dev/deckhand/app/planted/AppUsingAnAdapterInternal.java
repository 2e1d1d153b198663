package dev.deckhand.app.planted;

import dev.deckhand.adapter.sqlite.collection.internal.OpenCollections;

/** Planted violation: wiring that builds an adapter's internal piece instead of its public class. */
public record AppUsingAnAdapterInternal(OpenCollections collections) {}
