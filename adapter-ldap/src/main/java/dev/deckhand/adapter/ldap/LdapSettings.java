package dev.deckhand.adapter.ldap;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link LdapAuthenticator} finds and checks users. {@link #toString()} never shows a password.
 *
 * <p>Sign-in runs in three steps: search {@link #searchBase} for exactly one entry matching
 * {@link #userFilter} (as the service account, or anonymously), bind as that entry's DN with the
 * user's password on a fresh connection, then, if {@link #requiredGroup} is set, check membership.
 *
 * @param servers one or more {@code ldap://host[:port]} or {@code ldaps://host[:port]} URIs, tried in
 *     order (failover); no path, query or credentials in them
 * @param startTls upgrade {@code ldap://} connections with StartTLS before anything is sent; not
 *     allowed with {@code ldaps://}
 * @param bindDn the service account that searches for users; empty to search anonymously
 * @param bindPassword the service account's password; present exactly when {@code bindDn} is
 * @param searchBase the DN under which users are searched (whole subtree)
 * @param userFilter an LDAP filter with {@value #USERNAME_PLACEHOLDER} where the login name goes; the
 *     name is escaped (RFC 4515) before it is inserted, so it can never add filter syntax. Default
 *     {@value #DEFAULT_USER_FILTER}; Active Directory uses {@code (sAMAccountName={username})}
 * @param requiredGroup if present, only members of this group (a DN) may sign in; direct membership
 *     only, nested groups are not followed
 * @param groupCheck how membership of {@code requiredGroup} is read
 * @param userNameAttribute if present, the Deckhand user (whose data the sign-in opens) is this
 *     attribute's single value on the user's entry; if empty, it is the login name exactly as typed.
 *     A stable identifier such as {@code entryUUID} (OpenLDAP, 389-DS), or at least the
 *     canonical {@code uid}, is better: the directory matches names case-insensitively and
 *     ignoring surrounding spaces, so with the typed name {@code Alice} and {@code alice} would sign
 *     in as two Deckhand users with separate collections, and a rename in the directory would leave
 *     the user's collection behind under the old name
 * @param connectTimeout how long to wait for a TCP connection (default 5 s)
 * @param responseTimeout how long to wait for any single LDAP response, including StartTLS and the
 *     TLS handshake (default 5 s)
 * @param trustStore for {@code ldaps://} and StartTLS: a PKCS12 or JKS file with the certificates to
 *     trust; empty to use the JVM's default trust store. The server's host name is always checked
 *     against its certificate unless {@code trustAllCertificates} is set
 * @param trustStorePassword the trust store's password, if it has one; never shown by
 *     {@link #toString()}
 * @param trustAllCertificates accept any server certificate and host name: for development only,
 *     logged as a warning; not allowed together with {@code trustStore}
 */
public record LdapSettings(
        List<URI> servers,
        boolean startTls,
        Optional<String> bindDn,
        Optional<String> bindPassword,
        String searchBase,
        String userFilter,
        Optional<String> requiredGroup,
        GroupCheck groupCheck,
        Optional<String> userNameAttribute,
        Duration connectTimeout,
        Duration responseTimeout,
        Optional<Path> trustStore,
        Optional<String> trustStorePassword,
        boolean trustAllCertificates) {

    /** Where the escaped login name goes in {@link #userFilter}. */
    public static final String USERNAME_PLACEHOLDER = "{username}";

    /** The usual filter for POSIX-style directories (OpenLDAP, 389-DS, FreeIPA, lldap). */
    public static final String DEFAULT_USER_FILTER = "(uid={username})";

    /** Default for both {@link #connectTimeout} and {@link #responseTimeout}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    /** How membership of {@link #requiredGroup} is read. */
    public enum GroupCheck {
        /**
         * The group entry's {@code member} or {@code uniqueMember} values include the user's DN
         * ({@code groupOfNames}, {@code groupOfUniqueNames}). Works on every directory.
         */
        GROUP_MEMBERS,
        /**
         * The user entry's {@code memberOf} values include the group's DN. Needs the directory to
         * maintain {@code memberOf} (Active Directory, OpenLDAP with the memberof overlay, 389-DS).
         */
        USER_MEMBER_OF
    }

    public LdapSettings {
        Objects.requireNonNull(servers, "servers");
        Objects.requireNonNull(bindDn, "bindDn");
        Objects.requireNonNull(bindPassword, "bindPassword");
        Objects.requireNonNull(searchBase, "searchBase");
        Objects.requireNonNull(userFilter, "userFilter");
        Objects.requireNonNull(requiredGroup, "requiredGroup");
        Objects.requireNonNull(groupCheck, "groupCheck");
        Objects.requireNonNull(userNameAttribute, "userNameAttribute");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(responseTimeout, "responseTimeout");
        Objects.requireNonNull(trustStore, "trustStore");
        Objects.requireNonNull(trustStorePassword, "trustStorePassword");
        servers = List.copyOf(servers);
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("give at least one LDAP server URI");
        }
        for (URI server : servers) {
            checkServer(server);
            if (startTls && isLdaps(server)) {
                throw new IllegalArgumentException("StartTLS is for ldap:// URIs; " + server + " already uses TLS");
            }
        }
        if (bindDn.isPresent() != bindPassword.isPresent()) {
            throw new IllegalArgumentException("give both the bind DN and its password, or neither (anonymous search)");
        }
        if (bindPassword.isPresent() && bindPassword.get().isEmpty()) {
            // A simple bind with an empty password is an unauthenticated (anonymous) bind.
            throw new IllegalArgumentException("the bind password must not be empty");
        }
        bindDn.ifPresent(dn -> checkDn("bind DN", dn));
        checkDn("search base", searchBase);
        checkFilter(userFilter);
        requiredGroup.ifPresent(dn -> checkDn("required group", dn));
        if (userNameAttribute.isPresent() && userNameAttribute.get().isBlank()) {
            throw new IllegalArgumentException("the user name attribute must not be blank");
        }
        checkTimeout("connect timeout", connectTimeout);
        checkTimeout("response timeout", responseTimeout);
        if (trustAllCertificates && trustStore.isPresent()) {
            throw new IllegalArgumentException("give a trust store or trust all certificates, not both");
        }
    }

    /**
     * Settings with every default: anonymous search, filter {@value #DEFAULT_USER_FILTER}, no group,
     * the typed login name as the Deckhand user, 5 s timeouts, the JVM's trust store.
     */
    public static LdapSettings of(List<URI> servers, String searchBase) {
        return new LdapSettings(servers, false, Optional.empty(), Optional.empty(), searchBase, DEFAULT_USER_FILTER,
                Optional.empty(), GroupCheck.GROUP_MEMBERS, Optional.empty(), DEFAULT_TIMEOUT, DEFAULT_TIMEOUT,
                Optional.empty(), Optional.empty(), false);
    }

    /** Whether any connection uses TLS (an {@code ldaps://} server, or StartTLS). */
    boolean usesTls() {
        return startTls || servers.stream().anyMatch(LdapSettings::isLdaps);
    }

    static boolean isLdaps(URI server) {
        return "ldaps".equals(server.getScheme().toLowerCase(Locale.ROOT));
    }

    static int port(URI server) {
        return server.getPort() != -1 ? server.getPort() : isLdaps(server) ? 636 : 389;
    }

    private static void checkServer(URI server) {
        Objects.requireNonNull(server, "server URI");
        String scheme = server.getScheme() == null ? "" : server.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ldap") && !scheme.equals("ldaps")) {
            throw new IllegalArgumentException("LDAP server URI must start with ldap:// or ldaps://: " + server);
        }
        if (server.getHost() == null || server.getHost().isEmpty()) {
            throw new IllegalArgumentException("LDAP server URI has no host: " + server);
        }
        if (server.getUserInfo() != null || server.getQuery() != null || server.getFragment() != null
                || !(server.getPath() == null || server.getPath().isEmpty() || server.getPath().equals("/"))) {
            throw new IllegalArgumentException("LDAP server URI must be just scheme, host and port: " + server);
        }
    }

    private static void checkDn(String what, String dn) {
        if (!DN.isValidDN(dn)) {
            throw new IllegalArgumentException(what + " is not a valid DN: " + dn);
        }
    }

    private static void checkFilter(String filter) {
        if (!filter.contains(USERNAME_PLACEHOLDER)) {
            throw new IllegalArgumentException("user filter must contain " + USERNAME_PLACEHOLDER + ": " + filter);
        }
        try {
            Filter.create(filter.replace(USERNAME_PLACEHOLDER, "x"));
        } catch (LDAPException e) {
            throw new IllegalArgumentException("user filter is not a valid LDAP filter: " + filter, e);
        }
    }

    private static void checkTimeout(String what, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException(what + " must be between 1 ms and 1 hour: " + timeout);
        }
    }

    /** Shows everything but the passwords. */
    @Override
    public String toString() {
        return "LdapSettings[servers=" + servers + ", startTls=" + startTls + ", bindDn=" + bindDn
                + ", bindPassword=" + (bindPassword.isPresent() ? "[redacted]" : "none")
                + ", searchBase=" + searchBase + ", userFilter=" + userFilter + ", requiredGroup=" + requiredGroup
                + ", groupCheck=" + groupCheck + ", userNameAttribute=" + userNameAttribute
                + ", connectTimeout=" + connectTimeout + ", responseTimeout=" + responseTimeout
                + ", trustStore=" + trustStore
                + ", trustStorePassword=" + (trustStorePassword.isPresent() ? "[redacted]" : "none")
                + ", trustAllCertificates=" + trustAllCertificates + "]";
    }
}
