/** Names and facts of a cluster of Deckhand nodes: which nodes there are, and which user lives on which. */
package dev.deckhand.ports.model.nodes;
