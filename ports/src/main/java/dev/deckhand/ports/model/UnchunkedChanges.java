package dev.deckhand.ports.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What {@code applyChanges} carries each way: changed notetypes, decks, deck configs and tag names,
 * and, from the side whose collection is newer only, the whole config and the creation stamp.
 *
 * @param config config key to the value's JSON text, exactly as received
 */
public record UnchunkedChanges(
        List<LegacyObject> notetypes,
        List<LegacyObject> decks,
        List<LegacyObject> deckConfigs,
        List<String> tags,
        Optional<Map<String, String>> config,
        OptionalLong creationStamp) {

    public UnchunkedChanges {
        notetypes = List.copyOf(notetypes);
        decks = List.copyOf(decks);
        deckConfigs = List.copyOf(deckConfigs);
        tags = List.copyOf(tags);
        config = Objects.requireNonNull(config, "config").map(Map::copyOf);
        Objects.requireNonNull(creationStamp, "creationStamp");
    }
}
