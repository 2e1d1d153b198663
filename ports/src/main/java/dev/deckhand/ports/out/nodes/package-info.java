/**
 * What several Deckhand nodes share to act as one service: the list of nodes and each user's
 * placement on one of them.
 */
package dev.deckhand.ports.out.nodes;
