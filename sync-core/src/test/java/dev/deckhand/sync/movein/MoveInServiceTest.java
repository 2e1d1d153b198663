package dev.deckhand.sync.movein;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.ports.model.Credential;
import dev.deckhand.ports.model.HostKey;
import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.movein.AccountPlan;
import dev.deckhand.ports.movein.CollectionStaging;
import dev.deckhand.ports.movein.CollectionSummary;
import dev.deckhand.ports.movein.DeclaredAccount;
import dev.deckhand.ports.movein.ImportedPassword;
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
import dev.deckhand.ports.out.StagedCollection;
import dev.deckhand.ports.out.StorageException;
import dev.deckhand.ports.testing.InMemoryBlobStore;
import dev.deckhand.sync.login.HostKeyDigests;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MoveInServiceTest {

    private static final byte[] CAT = "cat".getBytes(StandardCharsets.UTF_8);

    private final Map<String, byte[]> files = new HashMap<>();
    private final InMemoryBlobStore blobs = new InMemoryBlobStore();
    private final Target target = new Target();

    private SourceUser user(String name, SourceMediaRow... media) {
        Path folder = Path.of("/old", name);
        return new SourceUser(name, Optional.of(folder), Optional.empty(), Optional.of(folder.resolve("collection.anki2")), 5,
                List.of(media), Optional.empty(), List.of());
    }

    private SourceMediaRow cat(String name) {
        files.put(name, CAT);
        return new SourceMediaRow("cat.png", sha1(CAT), false, 3, 100);
    }

    private MoveInService service(SourceKind kind, List<SourceUser> users, DeclaredAccount... declared) {
        return new MoveInService(new Source(kind, users), target, blobs, List.of(declared));
    }

    private static UserReport report(MoveInReport report, String name) {
        return report.users().stream().filter(u -> u.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aDryRunStoresNothingAndSwitchesNobody() {
        MoveInReport report = service(SourceKind.OFFICIAL, List.of(user("alice", cat("alice")))).dryRun();

        assertThat(report(report, "alice").outcome()).isEqualTo(new UserOutcome.Ready());
        assertThat(blobs.exists(sha256(CAT))).isFalse();
        assertThat(target.switched).isEmpty();
        assertThat(target.openStaged).isEmpty();
    }

    @Test
    void applyStoresBlobsAndCarriesUsnsTimesDeletionsAndTheOfficialKey() {
        DeclaredAccount alice = new DeclaredAccount(new UserId("alice"), new Credential.PlainPassword("builder"));
        SourceUser from = user("alice", cat("alice"), new SourceMediaRow("gone.txt", "", true, 4, 200));

        MoveInReport report = service(SourceKind.OFFICIAL, List.of(from), alice).apply();

        assertThat(report(report, "alice").outcome()).isEqualTo(new UserOutcome.MovedIn());
        assertThat(report(report, "alice").account()).isEqualTo(AccountPlan.FROM_SETTINGS);
        assertThat(blobs.exists(sha256(CAT))).isTrue();
        UserMoveIn moved = target.switched.get(0);
        assertThat(moved.mediaUsn()).isEqualTo(5);
        assertThat(moved.media()).extracting(e -> e.filename() + "@" + e.usn() + "/" + e.mtimeSecs() + (e.deleted() ? " deleted" : ""))
                .containsExactly("cat.png@3/100", "gone.txt@4/200 deleted");
        // What alice's devices hold: sha1("alice:builder"), kept as Deckhand keeps every key.
        HostKey held = new HostKey(sha1("alice:builder".getBytes(StandardCharsets.UTF_8)));
        assertThat(moved.hostKeys()).containsExactly(HostKeyDigests.of(held));
        assertThat(target.openStaged).isEmpty();
    }

    @Test
    void ankisyncdKeysComeFromItsSessionsAndNoKeyIsDerived() {
        SourceUser from = new SourceUser("bob", Optional.empty(), Optional.empty(), Optional.empty(), 0, List.of(),
                Optional.of("a".repeat(80)), List.of("5e2b0c0a0d7c4f0b9e3a1d2c3b4a5968"));

        MoveInReport report = service(SourceKind.ANKISYNCD, List.of(from),
                new DeclaredAccount(new UserId("carol"), new Credential.PlainPassword("x"))).apply();

        assertThat(report(report, "bob").account()).isEqualTo(AccountPlan.FROM_ANKISYNCD);
        assertThat(target.switched.get(0).hostKeys()).hasSize(1);
        assertThat(target.switched.get(0).password()).containsInstanceOf(ImportedPassword.AnkisyncdHash.class);
    }

    @Test
    void aFileThatDoesNotMatchItsChecksumRefusesTheUserAndHoldsEveryone() {
        SourceMediaRow wrong = new SourceMediaRow("cat.png", sha1("something else".getBytes(StandardCharsets.UTF_8)), false, 3, 100);
        files.put("alice", CAT);

        MoveInReport report = service(SourceKind.OFFICIAL, List.of(user("alice", wrong), user("bob"))).apply();

        assertThat(report(report, "alice").outcome()).isInstanceOfSatisfying(UserOutcome.Refused.class,
                r -> assertThat(r.reason()).contains("cat.png does not match"));
        assertThat(report(report, "bob").outcome()).isInstanceOf(UserOutcome.Held.class);
        assertThat(target.switched).isEmpty();
        assertThat(target.openStaged).isEmpty();
    }

    @Test
    void aSwitchThatFailsStopsThereAndTheRestIsHeld() {
        target.failFor.add("bob");

        MoveInReport report = service(SourceKind.OFFICIAL, List.of(user("alice"), user("bob"), user("carol"))).apply();

        assertThat(report.users()).extracting(UserReport::outcome).satisfiesExactly(
                o -> assertThat(o).isEqualTo(new UserOutcome.MovedIn()),
                o -> assertThat(o).isInstanceOfSatisfying(UserOutcome.Refused.class,
                        r -> assertThat(r.reason()).contains("rolled back").contains("disk full")),
                o -> assertThat(o).isInstanceOfSatisfying(UserOutcome.Held.class, h -> assertThat(h.reason()).contains("bob")));
        assertThat(target.switched).extracting(m -> m.user().name()).containsExactly("alice");
        assertThat(target.openStaged).isEmpty();
    }

    @Test
    void usersMovedInBeforeAreLeftAloneAndNamesNoAccountCouldHaveAreRefused() {
        target.movedIn.add("alice");

        MoveInReport report = service(SourceKind.OFFICIAL, List.of(user("alice"), user("bad\u0007name"))).dryRun();

        assertThat(report(report, "alice").outcome()).isInstanceOf(UserOutcome.AlreadyMovedIn.class);
        assertThat(report(report, "bad\u0007name").outcome()).isInstanceOf(UserOutcome.Refused.class);
        assertThat(report.complete()).isFalse();
    }

    /** The old server's folder, in memory: every user's media files are in {@link #files} by user name. */
    private final class Source implements MoveInSource {
        private final SourceKind kind;
        private final List<SourceUser> users;

        Source(SourceKind kind, List<SourceUser> users) {
            this.kind = kind;
            this.users = users;
        }

        @Override
        public SourceKind kind() {
            return kind;
        }

        @Override
        public String location() {
            return "/old";
        }

        @Override
        public List<SourceUser> users() {
            return users;
        }

        @Override
        public InputStream openMedia(SourceUser user, String filename) {
            byte[] content = files.get(user.name());
            if (content == null) {
                throw new StorageException(filename + " is missing");
            }
            return new ByteArrayInputStream(content);
        }

        @Override
        public void close() {}
    }

    /** Deckhand's side, in memory: records switches, can be told to fail one. */
    private static final class Target implements MoveInTarget {
        final List<UserMoveIn> switched = new ArrayList<>();
        final Set<String> movedIn = new HashSet<>();
        final Set<String> failFor = new HashSet<>();
        final Set<StagedCollection> openStaged = new HashSet<>();

        @Override
        public TargetHoldings holdings(UserId user) {
            return new TargetHoldings(movedIn.contains(user.name()) ? Optional.of(1L) : Optional.empty(), movedIn.contains(user.name()),
                    false, false);
        }

        @Override
        public CollectionStaging stage(UserId user, Path collection) {
            StagedCollection staged = new StagedCollection() {
                @Override
                public UserId user() {
                    return user;
                }

                @Override
                public void close() {
                    openStaged.remove(this);
                }
            };
            openStaged.add(staged);
            return new CollectionStaging.Staged(staged, new CollectionSummary(1, 1, 0, 5, 1000, 18));
        }

        @Override
        public boolean accepts(ImportedPassword password) {
            return true;
        }

        @Override
        public boolean switchOver(UserMoveIn moveIn) {
            if (failFor.contains(moveIn.user().name())) {
                throw new StorageException("disk full");
            }
            if (!movedIn.add(moveIn.user().name())) {
                return false;
            }
            switched.add(moveIn);
            return true;
        }
    }

    private static String sha1(byte[] content) {
        return hex("SHA-1", content);
    }

    private static Sha256 sha256(byte[] content) {
        return new Sha256(hex("SHA-256", content));
    }

    private static String hex(String algorithm, byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
