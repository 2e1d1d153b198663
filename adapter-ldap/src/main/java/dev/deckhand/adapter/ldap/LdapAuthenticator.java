package dev.deckhand.adapter.ldap;

import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.DereferencePolicy;
import com.unboundid.ldap.sdk.FailoverServerSet;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.PostConnectProcessor;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.ServerSet;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.util.ssl.TrustAllTrustManager;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.Authenticator;
import dev.deckhand.ports.out.BackendProbe;
import dev.deckhand.ports.out.BackendUnavailableException;
import dev.deckhand.ports.out.SignInOutcome;
import dev.deckhand.ports.out.SignInOutcome.Rejected;
import dev.deckhand.ports.out.SignInOutcome.SignedIn;
import dev.deckhand.ports.out.SignInOutcome.Unavailable;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs users in against an LDAP directory: search for the user's entry, bind as it with the
 * password, then optionally check group membership. Safe for concurrent use.
 *
 * <p>Each sign-in opens its own connections and closes them before returning; there is no pool.
 * Anki exchanges a password for a host key once per device, so sign-ins are rare and one extra TCP
 * (and TLS) handshake each costs nothing that matters. In exchange there is nothing to close (the
 * {@link Authenticator} port has no lifecycle), no idle connection for a firewall or the directory's
 * idle timeout to cut, no health checks, and a directory that is down at startup or restarts is
 * never remembered: the next sign-in simply connects again.
 */
public final class LdapAuthenticator implements Authenticator, BackendProbe {

    private static final Logger log = LoggerFactory.getLogger(LdapAuthenticator.class);

    /** Answers to a user's bind that mean "not this password / not this user", not "directory broken". */
    private static final Set<ResultCode> REFUSED_BIND = Set.of(
            ResultCode.INVALID_CREDENTIALS,
            ResultCode.INAPPROPRIATE_AUTHENTICATION,
            ResultCode.UNWILLING_TO_PERFORM, // disabled or locked accounts on several servers
            ResultCode.CONSTRAINT_VIOLATION, // locked accounts (password policy)
            ResultCode.INSUFFICIENT_ACCESS_RIGHTS);

    private static final String NO_ATTRIBUTES = SearchRequest.NO_ATTRIBUTES;

    private final LdapSettings settings;
    private final ServerSet serviceServers;
    private final ServerSet userServers;
    private final DN searchBase;
    private final Optional<DN> requiredGroup;
    private final DN decoyDn;
    private final String[] userAttributes;
    private final int timeLimitSeconds;

    /**
     * @throws IllegalArgumentException if the trust store cannot be read
     */
    public LdapAuthenticator(LdapSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        try {
            this.searchBase = new DN(settings.searchBase());
            this.requiredGroup = settings.requiredGroup().isPresent()
                    ? Optional.of(new DN(settings.requiredGroup().get()))
                    : Optional.empty();
            this.decoyDn = new DN(new RDN("cn", "deckhand-no-such-user"), searchBase);
        } catch (LDAPException e) {
            throw new IllegalArgumentException("invalid DN in LDAP settings", e); // LdapSettings checked them
        }
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis((int) settings.connectTimeout().toMillis());
        // Covers every request including StartTLS and, through the socket timeout, the TLS handshake.
        options.setResponseTimeoutMillis(settings.responseTimeout().toMillis());
        options.setFollowReferrals(false);
        SSLSocketFactory tls = settings.usesTls() ? tlsSocketFactory(settings) : null;
        BindRequest serviceBind = settings.bindDn().isPresent()
                ? new SimpleBindRequest(settings.bindDn().get(), settings.bindPassword().orElseThrow())
                : null;
        this.serviceServers = servers(settings, tls, options, serviceBind);
        this.userServers = servers(settings, tls, options, null);
        List<String> attributes = new ArrayList<>();
        settings.userNameAttribute().ifPresent(attributes::add);
        if (requiredGroup.isPresent() && settings.groupCheck() == LdapSettings.GroupCheck.USER_MEMBER_OF) {
            attributes.add("memberOf");
        }
        this.userAttributes = attributes.isEmpty() ? new String[] {NO_ATTRIBUTES} : attributes.toArray(String[]::new);
        this.timeLimitSeconds = (int) Math.max(1, settings.responseTimeout().toSeconds());
        if (settings.trustAllCertificates() && settings.usesTls()) {
            log.warn("LDAP: trusting every server certificate and host name; for development only");
        }
        if (!settings.usesTls()) {
            log.warn("LDAP: {} without StartTLS sends passwords in clear text", settings.servers());
        }
    }

    @Override
    public String name() {
        return "ldap";
    }

    /**
     * Whether the directory answers as a sign-in needs: connects to it as a sign-in does (StartTLS
     * and the service account's bind included) and disconnects. The connect and response timeouts
     * of the LDAP settings bound it; the readiness check's own deadline bounds the wait for it.
     */
    @Override
    public void check(Duration timeout) {
        try {
            serviceServers.getConnection().close();
        } catch (LDAPException e) {
            throw new BackendUnavailableException(e.getResultCode() == ResultCode.INVALID_CREDENTIALS
                    ? "the directory refused the service account" : "cannot reach the directory (" + e.getResultCode().getName() + ")", e);
        }
    }

    @Override
    public SignInOutcome signIn(String username, String password) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        // A simple bind with an empty password is an anonymous bind, which directories accept: it
        // must never reach the directory as a password check.
        if (password.isEmpty() || !plausibleLoginName(username)) {
            return new Rejected();
        }
        LDAPConnection service;
        try {
            service = serviceServers.getConnection();
        } catch (LDAPException e) {
            return unavailable(e.getResultCode() == ResultCode.INVALID_CREDENTIALS
                    ? "the directory refused the service account" : "cannot reach the directory", e);
        }
        try (service) {
            Optional<SearchResultEntry> found;
            try {
                found = findUser(service, username);
            } catch (LDAPException e) {
                return unavailable("user search failed", e);
            }
            if (found.isEmpty()) {
                decoyBind(password);
                return new Rejected();
            }
            SearchResultEntry entry = found.get();
            LDAPConnection user;
            try {
                // A fresh connection: the user's bind must never change who the service connection is.
                user = userServers.getConnection();
            } catch (LDAPException e) {
                return unavailable("cannot reach the directory", e);
            }
            try (user) {
                user.bind(new SimpleBindRequest(entry.getDN(), password));
            } catch (LDAPException e) {
                if (REFUSED_BIND.contains(e.getResultCode())) {
                    log.debug("LDAP: bind refused for an existing entry ({})", e.getResultCode());
                    return new Rejected();
                }
                return unavailable("password check failed", e);
            }
            try {
                if (!inRequiredGroup(service, entry)) {
                    log.debug("LDAP: {} is not a member of the required group", entry.getDN());
                    return new Rejected();
                }
            } catch (LDAPException e) {
                return unavailable("group check failed", e);
            }
            return deckhandUser(username, entry);
        }
    }

    /** Names that no directory entry should be found by; also what {@link UserId} would refuse. */
    private static boolean plausibleLoginName(String username) {
        return !username.isEmpty()
                && username.length() <= UserId.MAX_LENGTH
                && username.codePoints().noneMatch(Character::isISOControl);
    }

    /** The single entry the filter matches; empty for none or several (an ambiguous filter). */
    private Optional<SearchResultEntry> findUser(LDAPConnection service, String username) throws LDAPException {
        Filter filter = Filter.create(settings.userFilter()
                .replace(LdapSettings.USERNAME_PLACEHOLDER, Filter.encodeValue(username)));
        SearchRequest request = new SearchRequest(searchBase.toString(), SearchScope.SUB, filter, userAttributes);
        request.setSizeLimit(2);
        request.setTimeLimitSeconds(timeLimitSeconds);
        request.setDerefPolicy(DereferencePolicy.NEVER);
        List<SearchResultEntry> entries;
        try {
            entries = service.search(request).getSearchEntries();
        } catch (LDAPSearchException e) {
            if (e.getResultCode() != ResultCode.SIZE_LIMIT_EXCEEDED) {
                throw e;
            }
            entries = e.getSearchEntries();
        }
        if (entries.size() > 1) {
            log.warn("LDAP: the user filter {} matches several entries for one login; refusing it", settings.userFilter());
            return Optional.empty();
        }
        return entries.stream().findFirst();
    }

    /**
     * Binds as an entry that does not exist, so that an unknown user costs about as much time as a
     * wrong password and the timing does not tell which names exist. The answer is ignored.
     */
    private void decoyBind(String password) {
        try (LDAPConnection decoy = userServers.getConnection()) {
            decoy.bind(new SimpleBindRequest(decoyDn, password));
        } catch (LDAPException expected) {
            // invalid credentials, or the directory went away: the outcome is Rejected either way
        }
    }

    private boolean inRequiredGroup(LDAPConnection service, SearchResultEntry user) throws LDAPException {
        if (requiredGroup.isEmpty()) {
            return true;
        }
        DN group = requiredGroup.get();
        if (settings.groupCheck() == LdapSettings.GroupCheck.USER_MEMBER_OF) {
            String[] memberOf = user.getAttributeValues("memberOf");
            if (memberOf == null) {
                return false;
            }
            for (String value : memberOf) {
                if (DN.isValidDN(value) && new DN(value).equals(group)) {
                    return true;
                }
            }
            return false;
        }
        Filter isMember = Filter.createORFilter(
                Filter.createEqualityFilter("member", user.getDN()),
                Filter.createEqualityFilter("uniqueMember", user.getDN()));
        SearchRequest request = new SearchRequest(group.toString(), SearchScope.BASE, isMember, NO_ATTRIBUTES);
        request.setSizeLimit(1);
        request.setTimeLimitSeconds(timeLimitSeconds);
        request.setDerefPolicy(DereferencePolicy.NEVER);
        SearchResult result = service.search(request);
        return result.getEntryCount() == 1;
    }

    private SignInOutcome deckhandUser(String username, SearchResultEntry entry) {
        if (settings.userNameAttribute().isEmpty()) {
            return new SignedIn(new UserId(username));
        }
        String attribute = settings.userNameAttribute().get();
        String[] values = entry.getAttributeValues(attribute);
        if (values == null || values.length != 1) {
            log.warn("LDAP: entry {} has {} values of the user name attribute {}, needs exactly one",
                    entry.getDN(), values == null ? 0 : values.length, attribute);
            return new Unavailable("the user's entry has no single " + attribute + " value");
        }
        try {
            return new SignedIn(new UserId(values[0]));
        } catch (IllegalArgumentException e) {
            log.warn("LDAP: entry {} has a {} value that is not a usable user name: {}", entry.getDN(), attribute, e.getMessage());
            return new Unavailable("the user's " + attribute + " value is not a usable user name");
        }
    }

    private static Unavailable unavailable(String what, LDAPException e) {
        // The exception's message names servers and DNs, never the password.
        log.warn("LDAP: {}: {}", what, e.getMessage());
        return new Unavailable(what + " (" + e.getResultCode().getName() + ")");
    }

    private static ServerSet servers(LdapSettings settings, SSLSocketFactory tls, LDAPConnectionOptions options,
            BindRequest bind) {
        List<ServerSet> sets = new ArrayList<>();
        for (URI server : settings.servers()) {
            SocketFactory sockets = LdapSettings.isLdaps(server) ? tls : SocketFactory.getDefault();
            PostConnectProcessor startTls = settings.startTls() ? new StartTLSPostConnectProcessor(tls) : null;
            sets.add(new SingleServerSet(server.getHost(), LdapSettings.port(server), sockets, options, bind, startTls));
        }
        return sets.size() == 1 ? sets.get(0) : new FailoverServerSet(sets);
    }

    /** TLS whose server certificate must be trusted and name the host connected to (unless trusting all). */
    private static SSLSocketFactory tlsSocketFactory(LdapSettings settings) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager(settings)}, null);
            SSLSocketFactory factory = context.getSocketFactory();
            return settings.trustAllCertificates() ? factory : new HostCheckingSocketFactory(factory);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for LDAP", e);
        }
    }

    private static X509TrustManager trustManager(LdapSettings settings) {
        if (settings.trustAllCertificates()) {
            return new TrustAllTrustManager();
        }
        String path = settings.trustStore().map(Object::toString).orElse("(the JVM's default trust store)");
        try {
            char[] password = settings.trustStorePassword().map(String::toCharArray).orElse(null);
            KeyStore store = settings.trustStore().isPresent()
                    ? KeyStore.getInstance(settings.trustStore().get().toFile(), password) // PKCS12 or JKS, detected
                    : null; // the JVM's default trust store
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager) {
                    return (X509TrustManager) manager;
                }
            }
            throw new IllegalArgumentException("LDAP trust store " + path + " yields no X.509 trust manager");
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the LDAP trust store " + path + ": " + e.getMessage(), e);
        }
    }
}
