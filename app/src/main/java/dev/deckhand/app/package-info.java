/**
 * The composition root: reads the environment into {@link dev.deckhand.app.ServerConfig}, builds
 * adapters and cores with {@code new}, starts the HTTP server, and offers the admin command line.
 * The only package that knows concrete classes.
 */
package dev.deckhand.app;
