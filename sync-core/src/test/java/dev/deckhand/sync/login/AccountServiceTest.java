package dev.deckhand.sync.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.ports.in.AccountChange;
import dev.deckhand.ports.model.Credential;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.HostKeyDigest;
import dev.deckhand.ports.out.IssuedHostKey;
import dev.deckhand.ports.testing.InMemoryAccountStore;
import dev.deckhand.ports.testing.InMemoryHostKeyStore;
import org.junit.jupiter.api.Test;

class AccountServiceTest {

    private final InMemoryHostKeyStore hostKeys = new InMemoryHostKeyStore();
    private final AccountService accounts = new AccountService(new InMemoryAccountStore(), hostKeys);
    private final UserId alice = new UserId("alice");
    private final HostKeyDigest aliceKey = new HostKeyDigest("a".repeat(64));

    @Test
    void provision_addsAMissingAccount() {
        assertThat(accounts.provision(alice, new Credential.PlainPassword("pw"))).isEqualTo(AccountChange.ADDED);
    }

    @Test
    void provision_withTheSamePassword_keepsTheAccountAndItsKeys() {
        accounts.add(alice, new Credential.PlainPassword("pw"));
        hostKeys.save(alice, aliceKey, 0);

        assertThat(accounts.provision(alice, new Credential.PlainPassword("pw"))).isEqualTo(AccountChange.UNCHANGED);
        assertThat(hostKeys.find(aliceKey).map(IssuedHostKey::user)).contains(alice);
    }

    @Test
    void provision_withAnotherPassword_changesItAndRevokesKeys() {
        accounts.add(alice, new Credential.PlainPassword("pw"));
        hostKeys.save(alice, aliceKey, 0);

        assertThat(accounts.provision(alice, new Credential.PlainPassword("new"))).isEqualTo(AccountChange.PASSWORD_CHANGED);
        assertThat(hostKeys.find(aliceKey).map(IssuedHostKey::user)).isEmpty();
    }

    @Test
    void changesToMissingAccounts_sayNoSuchUser() {
        assertThat(accounts.remove(alice)).isEqualTo(AccountChange.NO_SUCH_USER);
        assertThat(accounts.changePassword(alice, new Credential.PlainPassword("x"))).isEqualTo(AccountChange.NO_SUCH_USER);
    }

    @Test
    void addingTwice_saysAlreadyExists() {
        accounts.add(alice, new Credential.PlainPassword("pw"));

        assertThat(accounts.add(alice, new Credential.PlainPassword("other"))).isEqualTo(AccountChange.ALREADY_EXISTS);
    }
}
