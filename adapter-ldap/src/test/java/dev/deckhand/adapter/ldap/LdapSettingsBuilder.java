package dev.deckhand.adapter.ldap;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Test shorthand for {@link LdapSettings}: defaults plus the one or two fields a test cares about. */
final class LdapSettingsBuilder {

    List<URI> servers;
    boolean startTls;
    Optional<String> bindDn = Optional.empty();
    Optional<String> bindPassword = Optional.empty();
    String searchBase = TestDirectory.BASE;
    String userFilter = LdapSettings.DEFAULT_USER_FILTER;
    Optional<String> requiredGroup = Optional.empty();
    LdapSettings.GroupCheck groupCheck = LdapSettings.GroupCheck.GROUP_MEMBERS;
    Optional<String> userNameAttribute = Optional.empty();
    Duration connectTimeout = Duration.ofSeconds(2);
    Duration responseTimeout = Duration.ofSeconds(2);
    Optional<Path> trustStore = Optional.empty();
    Optional<String> trustStorePassword = Optional.empty();
    boolean trustAll;

    LdapSettingsBuilder(List<URI> servers) {
        this.servers = servers;
    }

    LdapSettingsBuilder service(String dn, String password) {
        bindDn = Optional.of(dn);
        bindPassword = Optional.of(password);
        return this;
    }

    LdapSettingsBuilder filter(String filter) {
        userFilter = filter;
        return this;
    }

    LdapSettingsBuilder group(String dn, LdapSettings.GroupCheck check) {
        requiredGroup = Optional.of(dn);
        groupCheck = check;
        return this;
    }

    LdapSettingsBuilder nameAttribute(String attribute) {
        userNameAttribute = Optional.of(attribute);
        return this;
    }

    LdapSettingsBuilder timeouts(Duration timeout) {
        connectTimeout = timeout;
        responseTimeout = timeout;
        return this;
    }

    LdapSettingsBuilder startTls() {
        startTls = true;
        return this;
    }

    LdapSettingsBuilder trust(Path store, String password) {
        trustStore = Optional.of(store);
        trustStorePassword = Optional.of(password);
        return this;
    }

    LdapSettingsBuilder trustAll() {
        trustAll = true;
        return this;
    }

    LdapSettings build() {
        return new LdapSettings(servers, startTls, bindDn, bindPassword, searchBase, userFilter, requiredGroup,
                groupCheck, userNameAttribute, connectTimeout, responseTimeout, trustStore, trustStorePassword, trustAll);
    }

    LdapAuthenticator authenticator() {
        return new LdapAuthenticator(build());
    }
}
