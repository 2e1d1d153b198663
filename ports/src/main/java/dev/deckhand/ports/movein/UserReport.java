package dev.deckhand.ports.movein;

import java.util.Objects;
import java.util.Optional;

/**
 * One user in a move report.
 *
 * @param name the user's name as the old server knew it
 * @param folder the user's folder at the old server, which the move leaves in place
 * @param collection what the collection holds, once staged
 * @param media what the media hold, once checked
 * @param hostKeys how many of the old server's host keys keep working
 */
public record UserReport(
        String name,
        UserOutcome outcome,
        Optional<String> folder,
        Optional<CollectionSummary> collection,
        Optional<MediaSummary> media,
        AccountPlan account,
        int hostKeys) {

    public UserReport {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(account, "account");
    }

    public UserReport withOutcome(UserOutcome newOutcome) {
        return new UserReport(name, newOutcome, folder, collection, media, account, hostKeys);
    }
}
