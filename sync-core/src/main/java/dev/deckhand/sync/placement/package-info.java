/**
 * Which node of a cluster serves a user's collection: {@link dev.deckhand.sync.placement.UserPlacement}
 * answers for every collection step, and sends a client to the node holding the collection.
 */
package dev.deckhand.sync.placement;
