package dev.deckhand.adapter.ldap;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.OperationType;
import com.unboundid.ldap.sdk.schema.Schema;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** A real UnboundID in-memory directory on 127.0.0.1, on a free port, with a few people and groups. */
final class TestDirectory implements AutoCloseable {

    static final String BASE = "dc=example,dc=com";
    static final String PEOPLE = "ou=people," + BASE;
    static final String SYNC_USERS = "cn=sync-users,ou=groups," + BASE;
    static final String LEGACY_USERS = "cn=legacy-users,ou=groups," + BASE;
    static final String SERVICE_DN = "cn=deckhand,ou=services," + BASE;
    static final String SERVICE_PASSWORD = "service-secret";

    private final InMemoryDirectoryServer server;
    private final String scheme;

    private TestDirectory(InMemoryDirectoryServer server, String scheme) {
        this.server = server;
        this.scheme = scheme;
    }

    /** Plain LDAP; anonymous searches allowed. */
    static TestDirectory plain() throws Exception {
        return start(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0, null), "ldap", true);
    }

    static TestDirectory start(InMemoryListenerConfig listener, String scheme, boolean anonymousSearch) throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.addAdditionalBindCredentials(SERVICE_DN, SERVICE_PASSWORD);
        config.setListenerConfigs(listener);
        config.setSchema(Schema.mergeSchemas(Schema.getDefaultStandardSchema(), memberOfSchema()));
        if (!anonymousSearch) {
            config.setAuthenticationRequiredOperationTypes(OperationType.SEARCH, OperationType.COMPARE);
        }
        InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
        server.add("dn: " + BASE, "objectClass: top", "objectClass: domain", "dc: example");
        server.add("dn: " + PEOPLE, "objectClass: organizationalUnit", "ou: people");
        server.add("dn: ou=groups," + BASE, "objectClass: organizationalUnit", "ou: groups");
        person(server, "alice", "alice-pw", Optional.of(SYNC_USERS));
        person(server, "bob", "bob-pw", Optional.empty());
        person(server, "x", "x-pw", Optional.empty());
        server.add("dn: " + SYNC_USERS, "objectClass: groupOfNames", "cn: sync-users", "member: uid=alice," + PEOPLE);
        server.add("dn: " + LEGACY_USERS, "objectClass: groupOfUniqueNames", "cn: legacy-users",
                "uniqueMember: uid=bob," + PEOPLE);
        server.startListening();
        return new TestDirectory(server, scheme);
    }

    private static void person(InMemoryDirectoryServer server, String uid, String password, Optional<String> memberOf)
            throws LDAPException {
        Entry entry = new Entry("uid=" + uid + "," + PEOPLE,
                new Attribute("objectClass", "inetOrgPerson", "deckhandMember"),
                new Attribute("uid", uid),
                new Attribute("cn", uid),
                new Attribute("sn", uid),
                new Attribute("mail", "shared@example.com"),
                new Attribute("userPassword", password));
        memberOf.ifPresent(group -> entry.addAttribute("memberOf", group));
        server.add(entry);
    }

    /** Directories without the memberof overlay have no such attribute; this one gets it for the test. */
    private static Schema memberOfSchema() {
        return new Schema(new Entry("cn=schema",
                new Attribute("objectClass", "top", "ldapSubentry", "subschema"),
                new Attribute("attributeTypes", "( 1.2.840.113556.1.2.102 NAME 'memberOf' "
                        + "EQUALITY distinguishedNameMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.12 )"),
                new Attribute("objectClasses", "( 1.3.6.1.4.1.32473.1.1 NAME 'deckhandMember' "
                        + "SUP top AUXILIARY MAY memberOf )")));
    }

    URI uri() {
        return uri("127.0.0.1");
    }

    URI uri(String host) {
        return URI.create(scheme + "://" + host + ":" + server.getListenPort());
    }

    String entryUuid(String uid) throws LDAPException {
        return server.getEntry("uid=" + uid + "," + PEOPLE, "entryUUID").getAttributeValue("entryUUID");
    }

    LdapSettingsBuilder settings() {
        return new LdapSettingsBuilder(List.of(uri()));
    }

    void stop() {
        server.shutDown(true);
    }

    @Override
    public void close() {
        stop();
    }
}
