"""A series layer in time: QGIS's temporal properties and the map canvas's peildatum.

In: a ``<level>_reeks`` layer of an output (:mod:`..core.series`: a row per area and
peildatum, the ``peildatum`` a date field).  Out: the layer's temporal properties set
(each feature an instant at its peildatum, so that the Temporal Controller animates
the map), its peildata, and the canvas's temporal controller showing one of them.
"""

import datetime
from typing import List, Optional, Tuple

from qgis.core import (
    QgsDateTimeRange,
    QgsFeatureRequest,
    QgsInterval,
    QgsTemporalNavigationObject,
    QgsUnitTypes,
    QgsVectorLayer,
    QgsVectorLayerTemporalProperties,
)
from qgis.PyQt.QtCore import QDate, QDateTime, Qt, QTime

from ..core.config import SERIES_STEPS
from ..core.series import PEILDATUM, SERIES_SUFFIX


def is_series_layer(layer) -> bool:
    """Whether ``layer`` is a series layer of an output (``<level>_reeks`` with a peildatum)."""
    if not isinstance(layer, QgsVectorLayer) or not layer.isValid():
        return False
    name = layer.source().split("|layername=")[-1].split("|")[0]
    return name.endswith(SERIES_SUFFIX) and layer.fields().indexOf(PEILDATUM) >= 0


def make_temporal(layer: QgsVectorLayer) -> None:
    """Each feature the day of its ``peildatum``: the Temporal Controller shows the areas
    of the peildata inside its current range."""
    props = layer.temporalProperties()
    # from expressions, not from the date field itself: QGIS 3.22 compares a date field with
    # the range's date-times as text ("2023-04-01" < "2023-04-01T00:00:00"), which showed
    # every peildatum one frame early; a day long, as QGIS leaves out an event that ends where
    # the range begins
    moment = f'to_datetime("{PEILDATUM}")'
    props.setMode(QgsVectorLayerTemporalProperties.ModeFeatureDateTimeStartAndEndFromExpressions)
    props.setStartExpression(moment)
    props.setEndExpression(f"{moment} + to_interval('1 day')")
    props.setAccumulateFeatures(False)
    props.setIsActive(True)


def peildata_of(layer: QgsVectorLayer) -> List[str]:
    """The layer's peildata (YYYY-MM-DD, ascending)."""
    idx = layer.fields().indexOf(PEILDATUM)
    if idx < 0:
        return []
    out = set()
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry).setSubsetOfAttributes([idx])
    for feat in layer.getFeatures(request):
        v = feat[idx]
        if isinstance(v, QDate) and v.isValid():
            out.add(v.toString("yyyy-MM-dd"))
        elif isinstance(v, QDateTime) and v.isValid():
            out.add(v.date().toString("yyyy-MM-dd"))
        elif isinstance(v, str) and v:
            out.add(v[:10])
    return sorted(out)


def _moment(date: str) -> QDateTime:
    return QDateTime(QDate.fromString(date, Qt.ISODate), QTime(0, 0))


def frames(peildata: List[str], step: Optional[str] = None) -> Tuple[QgsDateTimeRange, QgsInterval, List[int]]:
    """The Temporal Controller's animation for ``peildata``: its extent, its frame
    duration and the frame of each peildatum.  A series made with a ``step`` (month,
    quarter, year) gets one frame per step, so that the animation shows a peildatum in
    every frame; other dates one frame per day."""
    first, last = (datetime.date.fromisoformat(d) for d in (peildata[0], peildata[-1]))
    if step in SERIES_STEPS:
        months = SERIES_STEPS[step]
        numbers = [(datetime.date.fromisoformat(d).year - first.year) * 12
                   + datetime.date.fromisoformat(d).month - first.month for d in peildata]
        numbers = [n // months for n in numbers]
        interval = QgsInterval(months, QgsUnitTypes.TemporalMonths)
        end = _moment(peildata[-1]).addMonths(months)
    else:
        numbers = [(datetime.date.fromisoformat(d) - first).days for d in peildata]
        interval = QgsInterval(1, QgsUnitTypes.TemporalDays)
        end = _moment(last.isoformat()).addDays(1)
    return QgsDateTimeRange(_moment(peildata[0]), end, True, False), interval, numbers


def navigation(canvas) -> QgsTemporalNavigationObject:
    """The canvas's temporal navigation: the Temporal Controller's in QGIS, or (a canvas
    without one) a new one set on it, owned by the canvas."""
    nav = canvas.temporalController()
    if not isinstance(nav, QgsTemporalNavigationObject):
        nav = QgsTemporalNavigationObject(canvas)
        canvas.setTemporalController(nav)
    return nav


def show_peildatum(canvas, peildata: List[str], index: int, step: Optional[str] = None
                   ) -> QgsTemporalNavigationObject:
    """Let the canvas show peildatum ``index`` of ``peildata``: the Temporal Controller
    set to their animation (:func:`frames`), paused on that peildatum's frame; its play
    button then runs through the series."""
    nav = navigation(canvas)
    extent, interval, numbers = frames(peildata, step)
    nav.setNavigationMode(QgsTemporalNavigationObject.Animated)
    nav.setTemporalExtents(extent)
    nav.setFrameDuration(interval)
    nav.setCurrentFrameNumber(numbers[index])
    return nav
