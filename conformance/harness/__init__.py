"""Test harness for the Deckhand conformance suite (servers, devices, content, wire helpers)."""
