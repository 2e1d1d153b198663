/** LDAP sign-in: an {@code Authenticator} that finds the user's entry and binds as it. */
package dev.deckhand.adapter.ldap;
