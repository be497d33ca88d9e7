"""Long tables of a series of peildata, and their checks (see the package docstring)."""

from typing import Dict, List, Optional

import pandas as pd

from ...i18n import tr

#: the date column of a series table
PEILDATUM = "peildatum"
#: a level's series layer is ``<level>_reeks``
SERIES_SUFFIX = "_reeks"


def series_layer(level: str) -> str:
    """The name of ``level``'s series layer in an output GeoPackage."""
    return level + SERIES_SUFFIX


def series_tables(per_date: Dict[str, Dict[str, pd.DataFrame]]) -> Dict[str, pd.DataFrame]:
    """level -> one table of every peildatum (ascending), the ``peildatum`` (ISO date)
    after the code and name, then the columns of that level's safe table."""
    dates = sorted(per_date)
    out = {}
    for level in per_date[dates[-1]]:
        parts = []
        for d in dates:
            t = per_date[d][level].reset_index(drop=True)
            parts.append(pd.concat([t[["code", "name"]], pd.DataFrame({PEILDATUM: [d] * len(t)}),
                                    t.drop(columns=["code", "name"])], axis=1))
        out[level] = pd.concat(parts, ignore_index=True)
    return out


def split_series(series: Dict[str, pd.DataFrame]) -> Dict[str, Dict[str, pd.DataFrame]]:
    """peildatum -> level -> that date's table (the ``peildatum`` column dropped): what
    :func:`series_tables` joined, as a file holds it."""
    out: Dict[str, Dict[str, pd.DataFrame]] = {}
    for level, t in series.items():
        dates = t[PEILDATUM].map(iso_date)
        for d in sorted(dates.dropna().unique()):
            out.setdefault(d, {})[level] = t[dates == d].drop(columns=[PEILDATUM]).reset_index(drop=True)
    return out


def iso_date(value) -> Optional[str]:
    """A peildatum as read back (a QDate, a date, a datetime or text) as YYYY-MM-DD; None
    for an empty one."""
    if value is None or value == "" or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "toString"):  # a QDate
        return value.toString("yyyy-MM-dd")
    return str(value)[:10]


def series_problems(series: Dict[str, pd.DataFrame], main: Dict[str, pd.DataFrame], peildata: List[str]) -> list:
    """What makes a file's series other than the plugin writes it: another set of levels
    than the main layers, other peildata than its configuration's, a date whose areas
    are not the main layer's, a peildatum that is not a date, or a last peildatum that
    differs from the main layers (which show it)."""
    problems = []
    if sorted(series) != sorted(main):
        return [tr("the series layers are not one per level ({levels})").format(levels=", ".join(sorted(main)))]
    for level, t in series.items():
        if t[PEILDATUM].map(iso_date).isna().any():
            problems.append(tr("{layer}: a row without a peildatum").format(layer=series_layer(level)))
    if problems:
        return problems
    for level, t in series.items():
        dates = sorted(set(t[PEILDATUM].map(iso_date)))
        if dates != sorted(peildata):
            problems.append(tr("{layer}: other peildata than the configuration's ({n}, of which {k} of its {m})")
                            .format(layer=series_layer(level), n=len(dates), k=len(set(dates) & set(peildata)),
                                    m=len(peildata)))
    if problems:
        return problems
    split = split_series(series)
    for d, tables in split.items():
        for level, t in tables.items():
            codes = main[level]["code"].astype(str).tolist()
            if t["code"].astype(str).tolist() != codes:
                problems.append(tr("{layer}: the areas of {date} are not those of layer '{level}'").format(
                    layer=series_layer(level), date=d, level=level))
    last = split[peildata[-1]]
    for level, t in last.items():
        a, b = t.reset_index(drop=True), main[level].reset_index(drop=True)
        same = list(a.columns) == list(b.columns) and a.astype(object).where(a.notna(), None).equals(
            b.astype(object).where(b.notna(), None))
        if not same:
            problems.append(tr("{layer}: the last peildatum ({date}) differs from layer '{level}'").format(
                layer=series_layer(level), date=peildata[-1], level=level))
    return problems
