"""Shared pieces of the sync benchmark: paths and versions, /proc readings, statistics,
collection content (built once and cached), servers with many accounts, and the report."""
