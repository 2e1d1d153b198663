"""The benchmark's cases, one module each; every case runs one target (server) at a time and
returns a result dict that benchlib.report turns into Markdown."""
