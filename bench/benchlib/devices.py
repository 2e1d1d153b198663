"""Device handling every case shares."""
from __future__ import annotations

from typing import Iterable


def close_all(devices: Iterable) -> None:
    """Closes every device; one that fails to close (its case has already failed) does not stop the rest."""
    for dev in devices:
        try:
            dev.close()
        except Exception:
            pass
