/**
 * Prometheus metrics with Micrometer: the registry and its text, the JVM's meters, the sync core's
 * events as meters ({@link dev.deckhand.adapter.metrics.MicrometerSyncEvents}), housekeeping runs,
 * and a small private listener for scrapers. The HTTP adapter records its own request meters into the
 * same registry through the Micrometer facade.
 */
package dev.deckhand.adapter.metrics;
