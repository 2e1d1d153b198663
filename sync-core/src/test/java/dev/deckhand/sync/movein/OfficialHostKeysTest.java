package dev.deckhand.sync.movein;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.ports.model.Credential;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.movein.DeclaredAccount;
import org.junit.jupiter.api.Test;

/** Keys the official server (anki 26.9.3) handed out at login, recorded from real sign-ins. */
class OfficialHostKeysTest {

    @Test
    void isTheSha1OfTheWholeSetting() {
        assertThat(OfficialHostKeys.of(new DeclaredAccount(new UserId("bob"), new Credential.PlainPassword("builder"))).value())
                .isEqualTo("e2bb1757d26051b165f59138d3110d8a5c65455f");
    }

    @Test
    void keepsColonsInThePassword() {
        assertThat(OfficialHostKeys.of(new DeclaredAccount(new UserId("carol"), new Credential.PlainPassword("pa:ss:word"))).value())
                .isEqualTo("abb330070e1076b5b2f30e27a540a7abd1e32e0c");
    }

    @Test
    void withHashedPasswordsHashesThePhcString() {
        Credential phc = new Credential.PasswordHash(
                "$pbkdf2-sha256$i=1000,l=32$MDEyMzQ1Njc4OWFiY2RlZg$cTBeKIY9IDvaS55IXsNP28hhi/QucaMv7g4RkDyBan8");

        assertThat(OfficialHostKeys.of(new DeclaredAccount(new UserId("bob"), phc)).value())
                .isEqualTo("7c14bf0086dfd2a2ab9440d236c55168b377fbfe");
    }
}
