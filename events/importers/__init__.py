"""Importers of conflict datasets: UCDP GED (:mod:`.ucdp`), ACLED (:mod:`.acled`) and any table of events
(:mod:`.table`), on the shared machinery of :mod:`.common` (checks, transaction, summary, progress)."""

from __future__ import annotations

from events.importers.common import ImportFileError, ImportSummary, Release, RowError

__all__ = ["ImportFileError", "ImportSummary", "Release", "RowError", "known_release"]


def known_release(dataset: str, release: str | None) -> Release | None:
    """What to cite for a dataset the project knows (``ucdp-ged``, ``acled``); None for any other."""
    from events.importers import acled, ucdp

    makers = {ucdp.DATASET: ucdp.release, acled.DATASET: acled.release}
    return makers[dataset](release) if dataset in makers else None
