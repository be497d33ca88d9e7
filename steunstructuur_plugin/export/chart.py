"""Charts over a series of peildata, for the dock and for partners: one area's line chart,
and a pilot's before/after evaluation.

In: an output GeoPackage with a series (:mod:`..core.series`), a level, an area's code
and a map.  Out: a matplotlib figure (PNG bytes for the dock, or a PNG, SVG or PDF file
behind the audit gate): the area's published rate per 1,000 inhabitants at each
peildatum, the gemeente's as a reference line, and the trend (:mod:`..core.series.trend`)
in the subtitle.  A peildatum whose rate is not published is a gap in the line, marked
under the axis, never a zero.  The pilot (:mod:`..core.series.pilot`): the two groups'
mean published rates, the peildata compared, and the table of the estimate
(:func:`export_pilot`).  Made with matplotlib's Agg backend: no window, no Qt.
"""

import datetime
import io
import math
import os
from typing import Optional, Tuple

import numpy as np
import pandas as pd

from ..core.publish.geopackage import read_series, read_trends
from ..core.series.tables import PEILDATUM
from ..core.series.trend import FALLING, RISING, TOO_FEW
from ..i18n import tr
from ..styling.choropleth import display_name, format_nl
from .data import audited_snapshot
from .layout import ExportError

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
    return figure_png(trend_figure(gpkg, level, code, name, size=(4.6, 3.4)), width_px)


def figure_png(fig, width_px: int) -> bytes:
    """``fig`` as PNG bytes ``width_px`` wide."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=max(width_px / fig.get_figwidth(), 40))
    return buf.getvalue()


def export_trend_chart(gpkg: str, level: str, code: str, name: str, path: str) -> str:
    """Write the chart to ``path`` (.png, .svg or .pdf) after the audit gate; returns it."""
    ext = _chart_ext(path)
    with audited_snapshot(gpkg, path) as snap:  # audited and drawn from one content, as the data export does
        _CACHE.clear()
        fig = trend_figure(snap, level, code, name)
        _CACHE.clear()
    _save(fig, path, ext)
    return path


def _chart_ext(path: str) -> str:
    """The chart format of ``path`` (.png, .svg or .pdf), or a refusal naming it."""
    ext = os.path.splitext(path)[1].lower()
    if ext not in CHART_FORMATS:
        raise ExportError(tr("{path}: choose a .png, .svg or .pdf file").format(path=path))
    return ext


def pilot_figure(gpkg: str, level: str, result):
    """The pilot's chart (:mod:`..core.series.pilot`): the mean published rate of each
    group at every peildatum, the two peildata compared marked, and below it the table of
    the estimate; a Figure (not attached to any window)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    from ..core.series.pilot import group_means

    table = series_of(gpkg)[0][level]
    fig = Figure(figsize=(7.0, 5.4), dpi=100)
    ax = fig.add_axes([0.1, 0.42, 0.85, 0.44])
    incomplete = False
    for codes, colour, label in ((result.intervention, "#d7301f", tr("intervention ({n} areas)")),
                                 (result.control, "#2b8cbe", tr("control ({n} areas)"))):
        dates, means, complete = group_means(table, codes, result.name)
        days = [datetime.date.fromisoformat(d) for d in dates]
        ax.plot(days, means, color=colour, marker="o", linewidth=2.0, label=label.format(n=len(codes)))
        # a peildatum where some of the group's areas are not published: the mean is of fewer (hollow)
        holes = [i for i, ok in enumerate(complete) if not ok and not np.isnan(means[i])]
        if holes:
            incomplete = True
            ax.plot([days[i] for i in holes], [means[i] for i in holes], linestyle="none", marker="o",
                    markersize=7, markerfacecolor="white", markeredgecolor=colour, zorder=3)
    for date in (result.before, result.after):
        ax.axvline(datetime.date.fromisoformat(date), color="#7f7f7f", linestyle=":", linewidth=1.2)
    ax.set_ylabel(tr("per 1,000 inhabitants"))
    ax.set_ylim(bottom=0)
    ax.grid(axis="y", color="#e0e0e0")
    ax.legend(loc="lower left", fontsize=8, frameon=False)
    fig.text(0.1, 0.96, tr("Pilot: {name}, {before} to {after}").format(
        name=display_name(result.name), before=result.before, after=result.after), fontsize=11, va="top")
    ax.set_title(pilot_line(result), loc="left", fontsize=8, color="#404040")
    ax.set_xticks(days)
    ax.set_xticklabels(dates, rotation=25, fontsize=8)
    rows = [[tr("intervention"), str(len(result.intervention)), format_nl(result.mean_before[0]),
             format_nl(result.mean_after[0]), format_nl(result.mean_after[0] - result.mean_before[0])],
            [tr("control"), str(len(result.control)), format_nl(result.mean_before[1]),
             format_nl(result.mean_after[1]), format_nl(result.mean_after[1] - result.mean_before[1])],
            [tr("difference in differences"), "", "", "", format_nl(result.effect)]]
    cell = fig.add_axes([0.1, 0.05, 0.85, 0.22])
    cell.axis("off")
    grid = cell.table(cellText=rows, colLabels=[tr("group"), tr("areas"), result.before, result.after, tr("change")],
                      loc="upper center", cellLoc="right", colLoc="right", colWidths=[0.34, 0.12, 0.18, 0.18, 0.18])
    grid.auto_set_font_size(False)
    grid.set_fontsize(9)
    notes = []
    if result.excluded:  # said, never silently dropped
        notes.append(tr("{n} area(s) left out: no published rate on one of the two peildata").format(
            n=len(result.excluded)))
    if incomplete:
        notes.append(tr("hollow: a mean of fewer areas (not every rate published on that peildatum)"))
    if notes:
        fig.text(0.1, 0.02, "\n".join(notes), fontsize=8, color="#404040")
    return fig


def pilot_line(result) -> str:
    """The estimate in one line: the effect, its 95 % interval and p-value, and how."""
    low = tr("unbounded") if math.isinf(result.low) else format_nl(result.low)
    high = tr("unbounded") if math.isinf(result.high) else format_nl(result.high)
    how = (tr("every split ({n})") if result.exact else tr("{n} random splits")).format(n=result.splits)
    return tr("difference in differences {effect} per 1,000 (95 % interval {low} to {high}, p = {p})\n"
              "permutation test over the areas, {how}").format(effect=format_nl(result.effect), low=low, high=high,
                                                               p=format_nl(result.p, 3), how=how)


def export_pilot(gpkg: str, level: str, intervention, control, before: str, after: str, name: str,
                 path: str) -> Tuple[str, str, object]:
    """The pilot's chart with its table to ``path`` (.png, .svg or .pdf) and the table as
    ``<stem>.csv`` beside it, after the audit gate; returns (chart, table, result)."""
    from ..core.series.pilot import pilot_effect, result_table

    ext = _chart_ext(path)
    with audited_snapshot(gpkg, path) as snap:
        _CACHE.clear()
        series = series_of(snap)[0]
        if level not in series:
            raise ExportError(tr("{path}: no series of peildata for level '{level}'").format(path=gpkg, level=level))
        result = pilot_effect(series[level], intervention, control, before, after, name)
        fig = pilot_figure(snap, level, result)
        _CACHE.clear()
    table = os.path.splitext(path)[0] + ".csv"
    _save(fig, path, ext)
    result_table(result).to_csv(table, sep=";", decimal=",", index=False, encoding="utf-8-sig")
    return path, table, result


def _save(fig, path: str, ext: str) -> None:
    """``fig`` to ``path`` through a temporary file: an earlier file survives a failure."""
    import matplotlib

    folder = os.path.dirname(os.path.abspath(path)) or "."
    tmp = os.path.join(folder, f".{os.path.basename(path)}.part{ext}")
    try:
        with matplotlib.rc_context({"svg.fonttype": "none", "pdf.fonttype": 42}):  # text stays text
            fig.savefig(tmp, format=ext[1:], dpi=200)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
