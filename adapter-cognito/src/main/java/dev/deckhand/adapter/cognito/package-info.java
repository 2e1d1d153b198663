/**
 * AWS Cognito sign-in: {@link dev.deckhand.adapter.cognito.CognitoAuthenticator} checks a user's
 * password against a user pool through the AWS SDK, configured by
 * {@link dev.deckhand.adapter.cognito.CognitoSettings}. The SDK's types stay inside this package.
 */
package dev.deckhand.adapter.cognito;
