"""The dock's view of a series of peildata (:mod:`..core.series`): the peildatum slider
on QGIS's Temporal Controller, an area's trend chart, and the pilot evaluation.

A mixin of :class:`.dock.SteunstructuurDock`: it uses the dock's panels (``peildatum``,
``trend_chart``, ``pilot``), its layers (``target_layer``), ``tabs``, ``iface``,
``message`` and ``save_path``; the work is core/'s and export/'s.
"""

from qgis.core import Qgis
from qgis.PyQt.QtCore import QEvent
from qgis.PyQt.QtGui import QPixmap
from qgis.PyQt.QtWidgets import QApplication

from ..core.count.aggregate import DIVISION
from ..core.errors import SteunstructuurError
from ..core.series.pilot import PilotError, pilot_effect
from ..core.series.tables import PEILDATUM
from ..export import maps as map_export
from ..export.chart import chart_png, export_pilot, export_trend_chart, figure_png, pilot_figure, pilot_line, series_of
from ..i18n import tr
from ..styling.choropleth import PROP_CURRENT, indicators_of, maps_of
from ..styling.layers import config_of, steunstructuur_layers
from ..styling.temporal import is_series_layer, peildata_of
from ..styling.temporal import show_peildatum as show_on_canvas
from ..styling.trend_map import is_trend_layer


class SeriesView:
    def series_layer(self):
        """The layer of a series the peildatum slider, the chart and the pilot use: the
        target layer when it is a series or trend layer, else one of the target layer's own
        file, else the first in the project (a series layer before a trend layer)."""
        layer = self.target_layer()
        if layer is not None and (is_series_layer(layer) or is_trend_layer(layer)):
            return layer
        series = ([lyr for lyr in steunstructuur_layers() if is_series_layer(lyr)]
                  + [lyr for lyr in steunstructuur_layers() if is_trend_layer(lyr)])
        same = [lyr for lyr in series if layer is not None
                and map_export.gpkg_of(lyr) == map_export.gpkg_of(layer)]
        return (same or series or [None])[0]

    def _series_refresh(self) -> None:
        layer = self.series_layer()
        # the slider drives the file's layer in time (when it is in the project); the chart and
        # the pilot read the file
        over = None
        if layer is not None:
            over = layer if is_series_layer(layer) else next(
                (lyr for lyr in steunstructuur_layers()
                 if is_series_layer(lyr) and map_export.gpkg_of(lyr) == map_export.gpkg_of(layer)), None)
        self.peildatum.set_peildata(peildata_of(over) if over is not None else [])
        areas, series = [], {}
        if layer is not None:  # the gemeente, its wijken and buurten, as the file's series has them
            try:
                series = series_of(map_export.gpkg_of(layer))[0]
            except (SteunstructuurError, OSError, ValueError):
                series = {}
            for level in ("gemeente", "wijk", "buurt", DIVISION):
                if level in series:
                    first = series[level].drop_duplicates("code")
                    areas += [(level, c, n or c) for c, n in zip(first["code"], first["name"])]
        self.trend_chart.set_areas(areas)
        self.pilot.set_peildata(sorted(series["buurt"][PEILDATUM].unique()) if "buurt" in series else [])
        self.show_chart()

    def chart_choice(self):
        """(GeoPackage, level, code, map) of the chart to show, or None."""
        layer, area = self.series_layer(), self.trend_chart.area()
        if layer is None or area is None:
            return None
        target = self.target_layer()
        name = (target.customProperty(PROP_CURRENT, "") if target is not None else "") or \
            (maps_of(layer)[0] if maps_of(layer) else "")
        if name not in indicators_of(layer):  # a stacking map has no trend chart: the first map's
            name = indicators_of(layer)[0]
        return map_export.gpkg_of(layer), area[0], area[1], name

    def show_chart(self) -> None:
        """Draw the chosen area's chart of the current map in the panel."""
        choice = self.chart_choice()
        if choice is None:
            self.trend_chart.chart.clear()
            return
        try:
            view = self.tabs.widget(1).viewport().width() if self.tabs.count() > 1 else 320
            png = chart_png(*choice, width_px=max(min(view, self.trend_chart.width()) - 30, 260))
        except (SteunstructuurError, OSError, ValueError) as exc:
            self.trend_chart.chart.setText(str(exc))
            return
        pixmap = QPixmap()
        pixmap.loadFromData(png, "PNG")
        self.trend_chart.chart.setPixmap(pixmap)
        self.trend_chart.chart.setMinimumHeight(pixmap.height())
        self._grow_tab()

    def pilot_group_from_selection(self, group: str) -> None:
        """The pilot's ``group`` (intervention or control): the areas selected on the active
        Steunstructuur layer (the buurten, the buurten over time or their trends)."""
        layer = self.target_layer()
        if layer is None or not layer.selectedFeatureCount():
            self.message(tr("Select the areas of the group on the map first"), Qgis.Warning)
            return
        table = layer.source().split("|layername=")[-1].split("|")[0]
        level = next((lv for lv in ("gemeente", "gebied", "buurt", "wijk") if table.startswith(lv)), "buurt")
        codes = list(dict.fromkeys(str(f["code"]) for f in layer.selectedFeatures()))
        self.pilot.set_group(group, level, codes)

    def evaluate_pilot(self):
        """The difference in differences of the selected map for the two groups; returns
        the result (or None), shows it with its chart."""
        layer = self.series_layer()
        choice = self.chart_choice()
        p = self.pilot
        if layer is None or choice is None:
            return None
        gpkg, name = choice[0], choice[3]
        try:
            level = p.level
            series = series_of(gpkg)[0]
            if level not in series:
                raise PilotError(tr("no series of peildata for level '{level}'").format(level=level))
            result = pilot_effect(series[level], p.groups["intervention"], p.groups["control"],
                                  p.before.currentText(), p.after.currentText(), name)
            fig = pilot_figure(gpkg, level, result)
        except (SteunstructuurError, OSError, ValueError) as exc:
            self._pilot_text(str(exc))
            p.chart.clear()
            p.chart.setMinimumHeight(0)
            p.save_button.setEnabled(False)
            return None
        left = ("\n" + tr("left out: {n} area(s) without a published rate on one of the peildata").format(
            n=len(result.excluded)) if result.excluded else "")
        self._pilot_text(pilot_line(result) + left)
        # each left out area with its reason, where the user points (the text stays a few lines)
        p.result.setToolTip("\n".join(f"{c}: {r}" for c, r in result.excluded))
        view = self.tabs.widget(1).viewport().width() if self.tabs.count() > 1 else 320
        pixmap = QPixmap()
        pixmap.loadFromData(figure_png(fig, max(min(view, p.width()) - 30, 260)), "PNG")
        p.chart.setPixmap(pixmap)
        p.chart.setMinimumHeight(pixmap.height())
        p.save_button.setEnabled(True)
        self._grow_tab()
        return result

    def _grow_tab(self) -> None:
        """Let the Maps tab's scroll area take the panels' new heights (a chart, wrapped
        text): it lays its content out again only when asked."""
        scroll = self.tabs.widget(1) if self.tabs.count() > 1 else None
        if scroll is not None:
            scroll.widget().updateGeometry()
            QApplication.postEvent(scroll, QEvent(QEvent.LayoutRequest))

    def _pilot_text(self, text: str) -> None:
        """The pilot's result text, its label as high as the wrapped text needs (the scroll
        area of the tab does not ask a wrapped label for its height)."""
        label = self.pilot.result
        label.setText(text)
        width = max(label.width(), self.pilot.width() - 30, 200)
        label.setMinimumHeight(label.heightForWidth(width))

    def _ask_pilot(self) -> None:
        path = self.save_path(tr("Save pilot chart and table"), "PDF (*.pdf);;PNG (*.png);;SVG (*.svg)")
        if path:
            self.export_pilot(path)

    def export_pilot(self, path: str):
        """The pilot's chart and table (``<stem>.csv``) after the audit gate; returns the paths."""
        choice, p = self.chart_choice(), self.pilot
        if choice is None:
            return None
        try:
            chart, table, _result = export_pilot(choice[0], p.level, p.groups["intervention"], p.groups["control"],
                                                 p.before.currentText(), p.after.currentText(), choice[3], path)
        except (SteunstructuurError, OSError, ValueError) as exc:  # a file that cannot be written too
            self.message(str(exc), Qgis.Critical)
            return None
        self.message(tr("Pilot saved: {chart} and {table}").format(chart=chart, table=table), Qgis.Success)
        return chart, table

    def _ask_chart(self) -> None:
        path = self.save_path(tr("Save chart"), "PNG (*.png);;SVG (*.svg);;PDF (*.pdf)")
        if path:
            self.export_chart(path)

    def export_chart(self, path: str) -> None:
        """Save the shown chart to ``path`` after the audit gate (:func:`..export.chart.export_trend_chart`)."""
        choice = self.chart_choice()
        if choice is None:
            return
        try:
            export_trend_chart(*choice, path)
        except (SteunstructuurError, OSError, ValueError) as exc:
            self.message(str(exc), Qgis.Critical)
            return
        self.message(tr("Chart saved: {path}").format(path=path), Qgis.Success)

    def show_peildatum(self, index: int = None) -> None:
        """Show a peildatum of the series (the slider's, or ``index``) on the map canvas,
        through QGIS's Temporal Controller (paused on its frame)."""
        layer = self.series_layer()
        if layer is None or not self.peildatum.peildata:
            return
        if index is not None and index != self.peildatum.slider.value():
            self.peildatum.slider.setValue(index)  # emits again with the same index
            return
        self.peildatum.date.setText(self.peildatum.peildatum())
        cfg = config_of(layer)
        step = cfg.source.series.get("step", "month") if cfg is not None and cfg.source.series else None
        if self.iface is not None:
            show_on_canvas(self.iface.mapCanvas(), self.peildatum.peildata, self.peildatum.slider.value(), step)
