"""Percentiles and the latency summary every case reports."""

from __future__ import annotations

import statistics


def pct(values: list[float], p: float) -> float | None:
    """Percentile with linear interpolation between closest ranks (p in 0..100)."""
    if not values:
        return None
    v = sorted(values)
    if len(v) == 1:
        return v[0]
    k = (len(v) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def summary(values: list[float]) -> dict:
    """n, median, p95, max of a list of durations (empty dict if there are none)."""
    if not values:
        return {}
    return {"n": len(values), "median": statistics.median(values), "p95": pct(values, 95),
            "max": max(values)}


def per_sync(total: float | None, count: int) -> float | None:
    return None if total is None or not count else total / count
