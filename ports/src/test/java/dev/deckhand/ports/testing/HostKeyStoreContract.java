package dev.deckhand.ports.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.HostKeyDigest;
import dev.deckhand.ports.out.HostKeyStore;
import dev.deckhand.ports.out.IssuedHostKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link HostKeyStore} must do; extended once per implementation. */
public abstract class HostKeyStoreContract {

    private static final HostKeyDigest KEY_A1 = digest('a');
    private static final HostKeyDigest KEY_A2 = digest('b');
    private static final HostKeyDigest KEY_B = digest('c');
    private final UserId alice = new UserId("alice");
    private final UserId bob = new UserId("bob");
    private HostKeyStore store;

    protected abstract HostKeyStore newStore();

    @BeforeEach
    void setUp() {
        store = newStore();
    }

    @Test
    void findUser_returnsTheOwnerOfASavedKey() {
        store.save(alice, KEY_A1, 1);
        store.save(bob, KEY_B, 2);

        assertThat(store.find(KEY_A1).map(IssuedHostKey::user)).contains(alice);
        assertThat(store.find(KEY_B).map(IssuedHostKey::user)).contains(bob);
    }

    @Test
    void find_knowsWhenAKeyWasIssued() {
        store.save(alice, KEY_A1, 1_700_000_000_123L);

        assertThat(store.find(KEY_A1)).contains(new IssuedHostKey(alice, 1_700_000_000_123L));
    }

    @Test
    void findUser_isEmptyForAnUnknownKey() {
        assertThat(store.find(KEY_A1).map(IssuedHostKey::user)).isEmpty();
    }

    @Test
    void revokeAll_removesEveryKeyOfThatUserOnly() {
        store.save(alice, KEY_A1, 1);
        store.save(alice, KEY_A2, 2);
        store.save(bob, KEY_B, 3);

        assertThat(store.revokeAll(alice)).isEqualTo(2);

        assertThat(store.find(KEY_A1).map(IssuedHostKey::user)).isEmpty();
        assertThat(store.find(KEY_A2).map(IssuedHostKey::user)).isEmpty();
        assertThat(store.find(KEY_B).map(IssuedHostKey::user)).contains(bob);
        assertThat(store.revokeAll(alice)).isZero();
    }

    private static HostKeyDigest digest(char fill) {
        return new HostKeyDigest(String.valueOf(fill).repeat(64));
    }
}
