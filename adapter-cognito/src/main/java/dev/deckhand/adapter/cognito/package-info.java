/**
 * AWS Cognito sign-in. Planned: an {@code Authenticator} using USER_PASSWORD_AUTH and
 * ADMIN_USER_PASSWORD_AUTH with SECRET_HASH. Empty until then; the module is here so the build has
 * its final shape.
 */
package dev.deckhand.adapter.cognito;
