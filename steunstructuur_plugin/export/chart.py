"""A line chart of one area over a series of peildata, for the dock and for partners.

In: an output GeoPackage with a series (:mod:`..core.series`), a level, an area's code
and a map.  Out: a matplotlib figure (PNG bytes for the dock, or a PNG, SVG or PDF file
behind the audit gate): the area's published rate per 1,000 inhabitants at each
peildatum, the gemeente's as a reference line, and the trend (:mod:`..core.series.trend`)
in the subtitle.  A peildatum whose rate is not published is a gap in the line, marked
under the axis, never a zero.  Made with matplotlib's Agg backend: no window, no Qt.
"""

import datetime
import io
import os
from typing import Optional

import numpy as np
import pandas as pd

from ..core.publish.geopackage import read_series, read_trends
from ..core.series.tables import PEILDATUM
from ..core.series.trend import FALLING, RISING, TOO_FEW
from ..i18n import tr
from ..styling.choropleth import display_name, format_nl
from .data import snapshot
from .layout import ExportError
from .maps import require_audit

CHART_FORMATS = (".png", ".svg", ".pdf")


_CACHE: dict = {}


def series_of(gpkg: str):
    """The file's series (:func:`..core.publish.geopackage.read_series`) and trends, read
    once per content (path, size and time): the dock draws a chart on every choice."""
    st = os.stat(gpkg)
    key = (os.path.abspath(gpkg), st.st_size, st.st_mtime_ns)
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = (read_series(gpkg), read_trends(gpkg))
    return _CACHE[key]


def _points(table: pd.DataFrame, code: str, name: str):
    rows = table[table["code"] == code].sort_values(PEILDATUM)
    dates = [datetime.date.fromisoformat(d) for d in rows[PEILDATUM]]
    return dates, pd.to_numeric(rows[f"{name}_per1000"], errors="coerce").astype(float).to_numpy()


def trend_figure(gpkg: str, level: str, code: str, name: str, size=(7.0, 3.6)):
    """The chart of ``code`` (an area of ``level``) for map ``name``, as a matplotlib
    Figure (not attached to any window) of ``size`` inches."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    series = series_of(gpkg)[0]
    if level not in series:
        raise ExportError(tr("{path}: no series of peildata for level '{level}'").format(path=gpkg, level=level))
    table = series[level]
    if code not in set(table["code"]):
        raise ExportError(tr("{path}: no area '{code}' in layer '{level}'").format(path=gpkg, code=code, level=level))
    if f"{name}_per1000" not in table.columns:
        raise ExportError(tr("{path}: no map '{name}'").format(path=gpkg, name=name))
    dates, rates = _points(table, code, name)
    area_name = str(table.loc[table["code"] == code, "name"].iloc[0] or code)
    fig = Figure(figsize=size, dpi=100)
    ax = fig.add_subplot(111)
    if "gemeente" in series and level != "gemeente":  # the gemeente as the reference line
        parent = _gemeente_of(series, level, code)
        if parent is not None:
            g_dates, g_rates = _points(series["gemeente"], parent, name)
            g_name = str(series["gemeente"].loc[series["gemeente"]["code"] == parent, "name"].iloc[0])
            ax.plot(g_dates, g_rates, color="#7f7f7f", linestyle="--", linewidth=1.4, label=g_name)
    ax.plot(dates, rates, color="#d7301f", marker="o", linewidth=2.0, label=area_name)  # NaN: a gap
    hidden = [d for d, r in zip(dates, rates) if np.isnan(r)]
    if hidden:  # marked under the axis, never drawn as a value
        ax.plot(hidden, [0.0] * len(hidden), linestyle="none", marker="x", color="#8c8c8c",
                transform=ax.get_xaxis_transform(), clip_on=False,
                label=tr("not shown (privacy) or no rate"))
    ax.set_ylabel(tr("per 1,000 inhabitants"))
    fig.text(0.09, 0.95, tr("{area}: {name}").format(area=area_name, name=display_name(name)), fontsize=11,
             va="top")
    ax.set_title(_trend_line(gpkg, level, code, name), loc="left", fontsize=8, color="#404040")
    ax.set_ylim(bottom=0)
    ax.set_xticks(dates)
    ax.set_xticklabels([d.isoformat() for d in dates])
    ax.grid(axis="y", color="#e0e0e0")
    ax.legend(loc="lower left", fontsize=8, frameon=False)
    fig.autofmt_xdate()
    fig.subplots_adjust(top=0.8)
    return fig


def _gemeente_of(series, level: str, code: str) -> Optional[str]:
    table = series[level]
    parent = str(table.loc[table["code"] == code, "parent"].iloc[0] or "")
    if level == "buurt" and "wijk" in series:  # a buurt's parent is its wijk
        wijk = series["wijk"]
        parent = str(wijk.loc[wijk["code"] == parent, "parent"].iloc[0]) if parent in set(wijk["code"]) else ""
    return parent or None


def _trend_line(gpkg: str, level: str, code: str, name: str) -> str:
    trends = series_of(gpkg)[1]
    if level not in trends:
        return ""
    row = trends[level][trends[level]["code"] == code]
    if not len(row) or row[f"{name}_trend_class"].iloc[0] == TOO_FEW:
        return tr("trend: too few published peildata")
    slope, p = float(row[f"{name}_trend"].iloc[0]), float(row[f"{name}_trend_p"].iloc[0])
    verdict = row[f"{name}_trend_class"].iloc[0]
    what = {RISING: tr("rising significantly"), FALLING: tr("falling significantly")}.get(
        verdict, tr("no significant trend"))
    return tr("trend {sign}{slope} per 1,000 per year (p = {p}): {what}").format(
        sign="+" if slope > 0 else "", slope=format_nl(slope, 1), p=format_nl(p, 3), what=what)


def chart_png(gpkg: str, level: str, code: str, name: str, width_px: int = 700) -> bytes:
    """The chart as PNG bytes ``width_px`` wide, drawn for a narrow panel (the dock's:
    a smaller figure, so that its text stays readable at that width)."""
    fig = trend_figure(gpkg, level, code, name, size=(4.6, 3.4))
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=max(width_px / fig.get_figwidth(), 40))
    return buf.getvalue()


def export_trend_chart(gpkg: str, level: str, code: str, name: str, path: str) -> str:
    """Write the chart to ``path`` (.png, .svg or .pdf) after the audit gate; returns it."""
    ext = os.path.splitext(path)[1].lower()
    if ext not in CHART_FORMATS:
        raise ExportError(tr("{path}: choose a .png, .svg or .pdf file").format(path=path))
    folder = os.path.dirname(os.path.abspath(path)) or "."
    os.makedirs(folder, exist_ok=True)
    snap = snapshot(gpkg, folder)  # audited and drawn from one content, as the data export does
    try:
        require_audit(snap)
        _CACHE.clear()
        fig = trend_figure(snap, level, code, name)
        _CACHE.clear()
    finally:
        try:
            os.remove(snap)
        except OSError:  # Windows: still open; a copy of a published file
            pass
    tmp = os.path.join(folder, f".{os.path.basename(path)}.part{ext}")
    try:
        import matplotlib

        with matplotlib.rc_context({"svg.fonttype": "none", "pdf.fonttype": 42}):  # text stays text
            fig.savefig(tmp, format=ext[1:], dpi=200)
        os.replace(tmp, path)  # an earlier chart survives a failure
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return path
