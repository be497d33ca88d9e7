"""A series of peildata: the same analysis at several dates, in one output.

In: per peildatum the safe tables of that date (each counted from the registrations
active on it, protected and audited on its own: without published flows, two
peildata's counts share no equation, as long as registrations both start and end; the
run refuses a series where some count could only rise or fall, see
:func:`..pipeline._check_changes`), and the configuration's peildata.  Out: one long
table per level (:func:`.tables.series_tables`: a row per area and peildatum, the
``peildatum`` as a date), written as the ``<level>_reeks`` layers whose date field
drives QGIS's Temporal Controller; and back from a file, the tables of each peildatum
(:func:`.tables.split_series`) and what makes a file's series inconsistent
(:func:`.tables.series_problems`).  Trends (:mod:`.trend`) and the pilot's difference in
differences (:mod:`.pilot`) are computed from the published rates alone.
"""

from .tables import (
    PEILDATUM,
    SERIES_SUFFIX,
    series_layer,
    series_problems,
    series_tables,
    split_series,
)

__all__ = ["PEILDATUM", "SERIES_SUFFIX", "series_layer", "series_problems", "series_tables",
           "split_series"]
