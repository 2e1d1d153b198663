package dev.deckhand.sync.movein;

import dev.deckhand.ports.model.HostKey;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.movein.AccountPlan;
import dev.deckhand.ports.movein.CollectionStaging;
import dev.deckhand.ports.movein.CollectionSummary;
import dev.deckhand.ports.movein.DeclaredAccount;
import dev.deckhand.ports.movein.ImportedPassword;
import dev.deckhand.ports.movein.LedgerEntry;
import dev.deckhand.ports.movein.MediaSummary;
import dev.deckhand.ports.movein.MoveIn;
import dev.deckhand.ports.movein.MoveInReport;
import dev.deckhand.ports.movein.MoveInSource;
import dev.deckhand.ports.movein.MoveInTarget;
import dev.deckhand.ports.movein.SourceKind;
import dev.deckhand.ports.movein.SourceMediaRow;
import dev.deckhand.ports.movein.SourceUser;
import dev.deckhand.ports.movein.TargetHoldings;
import dev.deckhand.ports.movein.UserMoveIn;
import dev.deckhand.ports.movein.UserOutcome;
import dev.deckhand.ports.movein.UserReport;
import dev.deckhand.ports.out.BlobStore;
import dev.deckhand.ports.out.HostKeyDigest;
import dev.deckhand.ports.out.StagedCollection;
import dev.deckhand.ports.out.StorageException;
import dev.deckhand.sync.login.HostKeyDigests;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the users of an old server in, keeping everything devices compare: the collection as it
 * is, the media USN with every file's USN and deletion, and the host keys they sign in with. So
 * the devices' next sync is a normal one, with nothing sent or fetched again.
 *
 * <p>Two phases. First every user is checked and staged: collection copied and checked, every
 * media file hashed against the old server's record and (when applying) stored as a blob. Only if
 * no user is refused does the second phase switch each user in, one atomic step per user. A
 * failure before the switch leaves Deckhand's users as they were; blobs stored for nothing are
 * content-addressed and unreferenced, and the next blob sweep removes them.
 */
public final class MoveInService implements MoveIn {

    private static final Logger LOG = LoggerFactory.getLogger(MoveInService.class);

    private final MoveInSource source;
    private final MoveInTarget target;
    private final BlobStore blobs;
    private final Map<String, DeclaredAccount> declared;

    /**
     * @param declared the accounts of {@code SYNC_USERn}, which the old official server read too
     */
    public MoveInService(MoveInSource source, MoveInTarget target, BlobStore blobs, List<DeclaredAccount> declared) {
        this.source = Objects.requireNonNull(source, "source");
        this.target = Objects.requireNonNull(target, "target");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.declared = declared.stream().collect(Collectors.toUnmodifiableMap(
                account -> account.user().name(), Function.identity(), (first, second) -> first));
    }

    @Override
    public MoveInReport dryRun() {
        List<Prepared> prepared = prepareAll(false);
        try {
            return new MoveInReport(source.kind(), source.location(), false, prepared.stream().map(Prepared::report).toList());
        } finally {
            discard(prepared);
        }
    }

    @Override
    public MoveInReport apply() {
        List<Prepared> prepared = prepareAll(true);
        try {
            List<UserReport> reports = prepared.stream().map(Prepared::report).toList();
            long refused = reports.stream().filter(r -> r.outcome() instanceof UserOutcome.Refused).count();
            List<UserReport> done = refused > 0
                    ? holdAll(reports, "nothing was moved in because " + refused + " user(s) were refused; fix or move"
                            + " them out of the folder and run again")
                    : switchAll(prepared);
            return new MoveInReport(source.kind(), source.location(), true, done);
        } finally {
            discard(prepared);
        }
    }

    private List<Prepared> prepareAll(boolean storeBlobs) {
        List<Prepared> prepared = new ArrayList<>();
        try {
            for (SourceUser user : source.users()) {
                prepared.add(prepare(user, storeBlobs));
            }
        } catch (RuntimeException e) {
            discard(prepared);
            throw e;
        }
        return prepared;
    }

    private Prepared prepare(SourceUser from, boolean storeBlobs) {
        Draft draft = new Draft(from);
        UserId user;
        try {
            user = new UserId(from.name());
        } catch (IllegalArgumentException e) {
            return draft.refused("not a possible user name: " + e.getMessage());
        }
        if (from.problem().isPresent()) {
            return draft.refused(from.problem().get());
        }
        TargetHoldings holdings = target.holdings(user);
        Optional<ImportedPassword> password = password(from);
        draft.account = accountPlan(holdings, password);
        List<HostKeyDigest> hostKeys = hostKeys(from);
        draft.hostKeys = hostKeys.size();
        if (holdings.movedInAtMillis().isPresent()) {
            draft.outcome = new UserOutcome.AlreadyMovedIn(holdings.movedInAtMillis().get());
            return draft.done(Optional.empty());
        }
        if (holdings.collectionContent()) {
            return draft.refused("Deckhand already has a collection with notes, cards or reviews for this user, and"
                    + " never replaces one; remove the user from Deckhand's data folder first if it is expendable");
        }
        if (holdings.media()) {
            return draft.refused("Deckhand already has media for this user, and never mixes two servers' media");
        }

        Optional<StagedCollection> staged = Optional.empty();
        if (from.collection().isPresent()) {
            CollectionStaging staging = target.stage(user, from.collection().get());
            if (staging instanceof CollectionStaging.Refused refused) {
                return draft.refused("collection: " + refused.reason());
            }
            CollectionStaging.Staged ok = (CollectionStaging.Staged) staging;
            staged = Optional.of(ok.staged());
            draft.collection = Optional.of(ok.summary());
        }
        try {
            Optional<String> mediaProblem = checkMedia(from, draft);
            if (mediaProblem.isPresent()) {
                staged.ifPresent(StagedCollection::close);
                return draft.refused("media: " + mediaProblem.get());
            }
            if (storeBlobs) {
                storeBlobs(from, draft.media);
            }
        } catch (RuntimeException e) {
            staged.ifPresent(StagedCollection::close);
            throw e;
        }
        int mediaUsn = draft.mediaSummary.map(MediaSummary::usn).orElse(0);
        Optional<ImportedPassword> kept = draft.account == AccountPlan.FROM_SETTINGS || draft.account == AccountPlan.FROM_ANKISYNCD
                ? password : Optional.empty();
        draft.outcome = new UserOutcome.Ready();
        return draft.done(Optional.of(new UserMoveIn(user, source.kind(), source.location(), staged, mediaUsn, draft.media,
                kept, hostKeys)));
    }

    /** Declared settings win: they are what both servers read; ankisyncd's hash is the fallback. */
    private Optional<ImportedPassword> password(SourceUser from) {
        DeclaredAccount account = declared.get(from.name());
        if (account != null) {
            return Optional.of(new ImportedPassword.FromSettings(account.credential()));
        }
        return from.ankisyncdPasswordHash().map(ImportedPassword.AnkisyncdHash::new);
    }

    private AccountPlan accountPlan(TargetHoldings holdings, Optional<ImportedPassword> password) {
        if (holdings.account()) {
            return AccountPlan.EXISTS;
        }
        if (password.isEmpty() || !target.accepts(password.get())) {
            return AccountPlan.NEEDS_PASSWORD;
        }
        return password.get() instanceof ImportedPassword.FromSettings ? AccountPlan.FROM_SETTINGS : AccountPlan.FROM_ANKISYNCD;
    }

    /**
     * Keys devices hold for the old server: the official server's is derived from the user's
     * setting; ankisyncd's were random and come from its session database.
     */
    private List<HostKeyDigest> hostKeys(SourceUser from) {
        Set<HostKeyDigest> digests = new LinkedHashSet<>();
        DeclaredAccount account = declared.get(from.name());
        if (source.kind() == SourceKind.OFFICIAL && account != null) {
            digests.add(HostKeyDigests.of(OfficialHostKeys.of(account)));
        }
        for (String key : from.hostKeys()) {
            if (!key.isEmpty() && key.length() <= HostKey.MAX_LENGTH) {
                digests.add(HostKeyDigests.of(new HostKey(key)));
            }
        }
        return List.copyOf(digests);
    }

    /**
     * Hashes every live file and compares it with the old server's record; a mismatch or a missing
     * file refuses the user, because devices would otherwise be told about content that is not there.
     */
    private Optional<String> checkMedia(SourceUser from, Draft draft) {
        long files = 0;
        long bytes = 0;
        long deletions = 0;
        int usn = from.mediaUsn();
        for (SourceMediaRow row : from.media()) {
            usn = Math.max(usn, row.usn());
            if (row.deleted()) {
                deletions++;
                draft.media.add(new LedgerEntry(row.filename(), row.sha1(), Optional.empty(), 0, row.usn(), row.mtimeSecs()));
                continue;
            }
            MediaDigests digests;
            try (InputStream in = source.openMedia(from, row.filename())) {
                digests = MediaDigests.of(in);
            } catch (StorageException | IOException e) {
                return Optional.of(e.getMessage());
            }
            if (!row.sha1().isEmpty() && !row.sha1().equals(digests.sha1())) {
                return Optional.of(row.filename() + " does not match the checksum its media database records");
            }
            if (digests.size() == 0) {
                return Optional.of(row.filename() + " is empty, which no Anki client sends");
            }
            files++;
            bytes += digests.size();
            draft.media.add(new LedgerEntry(row.filename(), digests.sha1(), Optional.of(digests.sha256()), digests.size(),
                    row.usn(), row.mtimeSecs()));
        }
        draft.mediaSummary = Optional.of(new MediaSummary(files, bytes, deletions, usn));
        return Optional.empty();
    }

    private void storeBlobs(SourceUser from, List<LedgerEntry> entries) {
        for (LedgerEntry entry : entries) {
            if (entry.deleted()) {
                continue;
            }
            try (InputStream in = source.openMedia(from, entry.filename())) {
                blobs.put(entry.sha256().get(), in, entry.size());
            } catch (IOException e) {
                throw new StorageException("cannot read " + entry.filename() + " of " + from.name(), e);
            }
        }
    }

    private List<UserReport> switchAll(List<Prepared> prepared) {
        List<UserReport> reports = new ArrayList<>();
        Optional<String> failed = Optional.empty();
        for (Prepared p : prepared) {
            if (!(p.report().outcome() instanceof UserOutcome.Ready) || p.moveIn().isEmpty()) {
                reports.add(p.report());
            } else if (failed.isPresent()) {
                reports.add(p.report().withOutcome(new UserOutcome.Held("not moved in because moving " + failed.get()
                        + " in failed; run again to go on")));
            } else {
                UserMoveIn moveIn = p.moveIn().get();
                try {
                    if (target.switchOver(moveIn)) {
                        LOG.info("moved {} in from {}", moveIn.user().name(), source.location());
                        reports.add(p.report().withOutcome(new UserOutcome.MovedIn()));
                    } else {
                        long before = target.holdings(moveIn.user()).movedInAtMillis().orElse(0L);
                        reports.add(p.report().withOutcome(new UserOutcome.AlreadyMovedIn(before)));
                    }
                } catch (StorageException e) {
                    LOG.error("moving {} in failed; nothing of that user was changed", moveIn.user().name(), e);
                    failed = Optional.of(moveIn.user().name());
                    reports.add(p.report().withOutcome(new UserOutcome.Refused(
                            "moving in failed and was rolled back: " + e.getMessage())));
                }
            }
        }
        return reports;
    }

    private static List<UserReport> holdAll(List<UserReport> reports, String reason) {
        return reports.stream()
                .map(r -> r.outcome() instanceof UserOutcome.Ready ? r.withOutcome(new UserOutcome.Held(reason)) : r)
                .toList();
    }

    private static void discard(List<Prepared> prepared) {
        for (Prepared p : prepared) {
            p.moveIn().flatMap(UserMoveIn::collection).ifPresent(StagedCollection::close);
        }
    }

    /** A user after the first phase: its report, and what to switch in if it is ready. */
    private record Prepared(UserReport report, Optional<UserMoveIn> moveIn) {}

    /** What is known of a user while it is being prepared. */
    private static final class Draft {
        private final SourceUser from;
        private UserOutcome outcome;
        private AccountPlan account = AccountPlan.NEEDS_PASSWORD;
        private int hostKeys;
        private Optional<CollectionSummary> collection = Optional.empty();
        private Optional<MediaSummary> mediaSummary = Optional.empty();
        private final List<LedgerEntry> media = new ArrayList<>();

        Draft(SourceUser from) {
            this.from = from;
        }

        Prepared refused(String reason) {
            outcome = new UserOutcome.Refused(reason);
            return done(Optional.empty());
        }

        Prepared done(Optional<UserMoveIn> moveIn) {
            UserReport report = new UserReport(from.name(), outcome, from.folder().map(Object::toString), collection,
                    mediaSummary, account, hostKeys);
            return new Prepared(report, moveIn);
        }
    }
}
