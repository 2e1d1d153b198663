package dev.deckhand.sync.changes;

import dev.deckhand.ports.in.InvalidSyncDataException;
import dev.deckhand.ports.model.LegacyObject;
import dev.deckhand.ports.model.UnchunkedChanges;
import dev.deckhand.ports.out.SyncTransaction;
import dev.deckhand.sync.session.Session;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * {@code applyChanges}: notetypes, decks, deck configs, tags, config and the creation stamp.
 *
 * <p>The server's own changes are gathered <em>before</em> the client's are merged, so nothing the
 * client just sent is echoed back. For notetypes, decks and deck configs the newer modification time
 * wins and a tie goes to the incoming copy; tags are a union; config and the creation stamp travel
 * only from the side whose collection is newer, and replace the other side's wholesale.
 */
public final class ChangesStep {

    /** A name clash is resolved by appending {@code +}; more clashes than this is hostile input. */
    private static final int MAX_RENAMES = 100;

    public UnchunkedChanges apply(Session session, UnchunkedChanges client, long nowSecs) {
        SyncTransaction tx = session.transaction();
        UnchunkedChanges server = serverChanges(session);
        int usn = session.serverUsn();
        for (LegacyObject notetype : client.notetypes()) {
            mergeNotetype(tx, notetype);
        }
        for (LegacyObject deck : client.decks()) {
            Optional<LegacyObject> local = tx.deck(deck.id());
            if (local.isEmpty() || local.get().mtimeSecs() <= deck.mtimeSecs()) {
                tx.putDeck(deck.withName(uniqueName(deck.name(), deck.id(), tx::deckIdByName)));
            }
        }
        for (LegacyObject config : client.deckConfigs()) {
            Optional<LegacyObject> local = tx.deckConfig(config.id());
            if (local.isEmpty() || local.get().mtimeSecs() <= config.mtimeSecs()) {
                tx.putDeckConfig(config);
            }
        }
        TagRegistry.register(tx, client.tags(), usn);
        client.creationStamp().ifPresent(tx::setCreationStamp);
        client.config().ifPresent(config -> tx.replaceConfig(config, usn, nowSecs));
        return server;
    }

    private static UnchunkedChanges serverChanges(Session session) {
        SyncTransaction tx = session.transaction();
        int since = session.clientUsn();
        Optional<Map<String, String>> config = Optional.empty();
        OptionalLong creationStamp = OptionalLong.empty();
        if (!session.clientIsNewer()) {
            config = Optional.of(tx.config());
            tx.markConfigSynced();
            creationStamp = OptionalLong.of(tx.creationStamp());
        }
        return new UnchunkedChanges(
                tx.notetypesSince(since), tx.decksSince(since), tx.deckConfigsSince(since), tx.tagsSince(since),
                config, creationStamp);
    }

    private static void mergeNotetype(SyncTransaction tx, LegacyObject incoming) {
        Optional<LegacyObject> local = tx.notetype(incoming.id());
        if (local.isPresent()) {
            if (local.get().mtimeSecs() > incoming.mtimeSecs()) {
                return;
            }
            if (local.get().fieldCount() != incoming.fieldCount() || local.get().templateCount() != incoming.templateCount()) {
                // Fields or templates were added or removed without a full sync: the client must resync.
                throw new InvalidSyncDataException("notetype " + incoming.id() + " changed its fields or templates; a full sync is required");
            }
        }
        tx.putNotetype(incoming.withName(uniqueName(incoming.name(), incoming.id(), tx::notetypeIdByName)));
    }

    static String uniqueName(String name, long id, Function<String, Optional<Long>> ownerOfName) {
        String candidate = name;
        for (int i = 0; i <= MAX_RENAMES; i++) {
            Optional<Long> owner = ownerOfName.apply(candidate);
            if (owner.isEmpty() || owner.get() == id) {
                return candidate;
            }
            candidate = candidate + "+";
        }
        throw new InvalidSyncDataException("too many objects named like " + name);
    }
}
