package dev.deckhand.adapter.ldap;

import static dev.deckhand.adapter.ldap.TestDirectory.LEGACY_USERS;
import static dev.deckhand.adapter.ldap.TestDirectory.SERVICE_DN;
import static dev.deckhand.adapter.ldap.TestDirectory.SERVICE_PASSWORD;
import static dev.deckhand.adapter.ldap.TestDirectory.SYNC_USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import dev.deckhand.adapter.ldap.LdapSettings.GroupCheck;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.SignInOutcome;
import dev.deckhand.ports.out.SignInOutcome.Rejected;
import dev.deckhand.ports.out.SignInOutcome.SignedIn;
import dev.deckhand.ports.out.SignInOutcome.Unavailable;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

class LdapAuthenticatorTest {

    private static final Duration GUARD = Duration.ofSeconds(15);

    private TestDirectory directory;

    @BeforeEach
    void startDirectory() throws Exception {
        directory = TestDirectory.plain();
    }

    @AfterEach
    void stopDirectory() {
        directory.close();
    }

    @Test
    void signIn_withRightPassword_signsInAsTypedName() {
        assertThat(directory.settings().authenticator().signIn("alice", "alice-pw"))
                .isEqualTo(new SignedIn(new UserId("alice")));
    }

    @Test
    void signIn_withWrongPassword_isRejected() {
        assertThat(directory.settings().authenticator().signIn("alice", "bob-pw")).isEqualTo(new Rejected());
    }

    @Test
    void signIn_forUnknownUser_isRejected() {
        assertThat(directory.settings().authenticator().signIn("mallory", "alice-pw")).isEqualTo(new Rejected());
    }

    @Test
    void signIn_withEmptyPassword_isRejectedAlthoughAnonymousBindWouldSucceed() {
        LdapAuthenticator ldap = directory.settings().authenticator();

        assertThat(ldap.signIn("alice", "")).isEqualTo(new Rejected());
        assertThat(ldap.signIn("", "alice-pw")).isEqualTo(new Rejected());
    }

    @Test
    void signIn_withServiceAccount_searchesWhereAnonymousMayNot() throws Exception {
        try (TestDirectory locked = TestDirectory.start(
                InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0, null), "ldap", false)) {
            assertThat(locked.settings().authenticator().signIn("alice", "alice-pw"))
                    .isInstanceOf(Unavailable.class);
            assertThat(locked.settings().service(SERVICE_DN, SERVICE_PASSWORD).authenticator().signIn("alice", "alice-pw"))
                    .isEqualTo(new SignedIn(new UserId("alice")));
        }
    }

    @Test
    void signIn_withWrongServicePassword_isUnavailableAndLogsNoPassword() {
        Logger logger = (Logger) LoggerFactory.getLogger(LdapAuthenticator.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try {
            SignInOutcome outcome = directory.settings().service(SERVICE_DN, "not-the-service-secret").authenticator()
                    .signIn("alice", "alice-pw");

            assertThat(outcome).isInstanceOf(Unavailable.class);
            assertThat(((Unavailable) outcome).reason()).contains("service account");
            assertThat(logs.list).hasSize(2) // the clear-text warning at construction, then the failure
                    .allSatisfy(event -> assertThat(event.getFormattedMessage())
                            .doesNotContain("not-the-service-secret", "alice-pw"));
        } finally {
            logger.detachAppender(logs);
        }
    }

    @Test
    void signIn_withinRequiredGroup_signsIn_andOutsideIsRejected() {
        LdapAuthenticator members = directory.settings().group(SYNC_USERS, GroupCheck.GROUP_MEMBERS).authenticator();
        LdapAuthenticator uniqueMembers = directory.settings().group(LEGACY_USERS, GroupCheck.GROUP_MEMBERS).authenticator();

        assertThat(members.signIn("alice", "alice-pw")).isEqualTo(new SignedIn(new UserId("alice")));
        assertThat(members.signIn("bob", "bob-pw")).isEqualTo(new Rejected());
        assertThat(uniqueMembers.signIn("bob", "bob-pw")).isEqualTo(new SignedIn(new UserId("bob")));
        assertThat(uniqueMembers.signIn("alice", "alice-pw")).isEqualTo(new Rejected());
    }

    @Test
    void signIn_withMemberOfCheck_readsTheUserEntry() {
        LdapAuthenticator ldap = directory.settings().group(SYNC_USERS, GroupCheck.USER_MEMBER_OF).authenticator();

        assertThat(ldap.signIn("alice", "alice-pw")).isEqualTo(new SignedIn(new UserId("alice")));
        assertThat(ldap.signIn("bob", "bob-pw")).isEqualTo(new Rejected());
    }

    @Test
    void signIn_whenRequiredGroupDoesNotExist_isUnavailable() {
        LdapAuthenticator ldap = directory.settings()
                .group("cn=nobody,ou=groups," + TestDirectory.BASE, GroupCheck.GROUP_MEMBERS).authenticator();

        assertThat(ldap.signIn("alice", "alice-pw")).isInstanceOf(Unavailable.class);
    }

    @Test
    void signIn_withGroupCheck_stillNeedsTheRightPassword() {
        LdapAuthenticator ldap = directory.settings().group(SYNC_USERS, GroupCheck.GROUP_MEMBERS).authenticator();

        assertThat(ldap.signIn("alice", "bob-pw")).isEqualTo(new Rejected());
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "a*", "*ice", "alice)(uid=*", "*)(|(uid=*", "alice)(|(objectClass=*)", "(", ")",
            "\\", "alice\\", "\\2a", "al\u0000ice", "alice\u0000", "\u0000", "../alice", "../x", "uid=alice," + TestDirectory.PEOPLE})
    void signIn_withFilterMetacharacters_matchesNoOtherEntry(String username) {
        LdapAuthenticator ldap = directory.settings().authenticator();

        assertThat(ldap.signIn(username, "alice-pw")).isEqualTo(new Rejected());
        assertThat(ldap.signIn(username, "x-pw")).isEqualTo(new Rejected());
    }

    @Test
    void signIn_whenFilterMatchesSeveralEntries_isRejected() {
        LdapAuthenticator byMail = directory.settings().filter("(mail={username})").authenticator();

        assertThat(byMail.signIn("shared@example.com", "alice-pw")).isEqualTo(new Rejected());
    }

    @Test
    void signIn_withUserNameAttribute_namesTheUserByIt() throws Exception {
        LdapAuthenticator byUid = directory.settings().nameAttribute("uid").authenticator();
        LdapAuthenticator byUuid = directory.settings().nameAttribute("entryUUID").authenticator();

        // uid matches case-insensitively: the typed name would make "ALICE" a second user.
        assertThat(directory.settings().authenticator().signIn("ALICE", "alice-pw"))
                .isEqualTo(new SignedIn(new UserId("ALICE")));
        assertThat(byUid.signIn("ALICE", "alice-pw")).isEqualTo(new SignedIn(new UserId("alice")));
        assertThat(byUuid.signIn("alice", "alice-pw")).isEqualTo(new SignedIn(new UserId(directory.entryUuid("alice"))));
    }

    @Test
    void signIn_whenUserNameAttributeIsMissing_isUnavailable() {
        LdapAuthenticator ldap = directory.settings().nameAttribute("employeeNumber").authenticator();

        assertThat(ldap.signIn("alice", "alice-pw")).isInstanceOf(Unavailable.class);
    }

    @Test
    void signIn_whenDirectoryIsStopped_isUnavailableQuickly() {
        LdapAuthenticator ldap = directory.settings().authenticator();
        directory.stop();

        SignInOutcome outcome = assertTimeoutPreemptively(GUARD, () -> ldap.signIn("alice", "alice-pw"));

        assertThat(outcome).isInstanceOf(Unavailable.class);
    }

    @Test
    void signIn_whenNothingListens_isUnavailableQuickly() throws Exception {
        int unused;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            unused = socket.getLocalPort();
        }
        LdapAuthenticator ldap = new LdapSettingsBuilder(List.of(URI.create("ldap://127.0.0.1:" + unused))).authenticator();

        SignInOutcome outcome = assertTimeoutPreemptively(GUARD, () -> ldap.signIn("alice", "alice-pw"));

        assertThat(outcome).isInstanceOf(Unavailable.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ldap", "ldaps"})
    void signIn_whenServerNeverAnswers_isUnavailableAfterTheResponseTimeout(String scheme) throws Exception {
        // The kernel accepts the TCP connection into the backlog; nobody ever reads or answers.
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            LdapSettingsBuilder settings = new LdapSettingsBuilder(
                    List.of(URI.create(scheme + "://127.0.0.1:" + silent.getLocalPort())))
                    .timeouts(Duration.ofMillis(700))
                    .trustAll();
            LdapAuthenticator ldap = settings.authenticator();

            long start = System.nanoTime();
            SignInOutcome outcome = assertTimeoutPreemptively(GUARD, () -> ldap.signIn("alice", "alice-pw"));

            assertThat(outcome).isInstanceOf(Unavailable.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void signIn_failsOverToTheNextServer() {
        LdapAuthenticator ldap = new LdapSettingsBuilder(List.of(URI.create("ldap://127.0.0.1:1"), directory.uri()))
                .authenticator();

        assertThat(ldap.signIn("alice", "alice-pw")).isEqualTo(new SignedIn(new UserId("alice")));
    }
}
