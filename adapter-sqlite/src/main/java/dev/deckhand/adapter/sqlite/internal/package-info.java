/** Old servers' files (the official server's and ankisyncd's folders): for this adapter's own classes. */
package dev.deckhand.adapter.sqlite.internal;
