"""Run inside real QGIS desktop (qgis --code): inspect the plugin and dock, drive the
dock, save screenshots, write a JSON result and quit.  Paths come from the environment."""

import json
import os
import time
import traceback

from qgis.core import Qgis, QgsApplication, QgsProject
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QDockWidget
from qgis.utils import iface

RESULT = os.environ["STEUN_RESULT"]
SHOT_DIR = os.environ["STEUN_SHOTS"]
errors = []


def on_message(message, tag, level):
    if level == Qgis.Critical or "error" in tag.lower():
        errors.append(f"{tag}: {message}"[:2000])


QgsApplication.messageLog().messageReceived.connect(on_message)


def shot(name):
    path = os.path.join(SHOT_DIR, name)
    iface.mainWindow().grab().save(path)
    return path


def fit(dock):
    """Where the dock's browse buttons, Run and Cancel are: inside the visible width of
    the Analysis tab (no sideways scrolling), at the screen size QGIS runs at."""
    from qgis.PyQt.QtCore import QPoint, QRect
    from qgis.PyQt.QtWidgets import QToolButton

    a = dock.analysis
    scroll = dock.tabs.widget(0)
    view = scroll.viewport()
    widgets = {"run": a.run_button, "cancel": a.cancel_button}
    for name in ("input_widget", "config_widget", "output_widget"):
        buttons = getattr(a, name).findChildren(QToolButton)
        widgets[f"browse_{name}"] = buttons[-1]
    out = {}
    for name, w in widgets.items():
        r = QRect(w.mapTo(view, QPoint(0, 0)), w.size())
        out[name] = {"visible": w.isVisible(), "left": r.left(), "right": r.right(), "view_width": view.width()}
    out["horizontal_scrollbar"] = scroll.horizontalScrollBar().isVisible()
    out["dock_size"] = [dock.width(), dock.height()]
    out["window_size"] = [iface.mainWindow().width(), iface.mainWindow().height()]
    out["tabs"] = [dock.tabs.tabText(i) for i in range(dock.tabs.count())]
    out["report_lines"] = dock.report_panel.report.height() // max(dock.report_panel.report.fontMetrics().height(), 1)
    return out


def run_and_wait(dock, seconds: int = 120) -> None:
    """Press Run and let QGIS work until the run's task has ended (or ``seconds`` passed)."""
    dock.start_run()
    deadline = time.time() + seconds
    while dock.task is not None and time.time() < deadline:
        QgsApplication.processEvents()
        time.sleep(0.02)


def own_areas(dock) -> dict:
    """Own areas from the dock as a user sets them: the bundled Losser buurten as buurt
    layer, a wijkteam layer of three areas of whole buurten (by the x of their centre) as
    a memory layer, its code and name fields, Run; the areas' layer loaded and styled."""
    from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsVectorLayer
    from qgis.PyQt.QtCore import QVariant

    a = dock.analysis
    buurten = dock.add_bundled_buurten()
    feats = sorted(buurten.getFeatures(), key=lambda f: f.geometry().centroid().asPoint().x())
    teams = QgsVectorLayer("MultiPolygon?crs=EPSG:28992", "wijkteams", "memory")
    teams.dataProvider().addAttributes([QgsField("code", QVariant.String), QgsField("naam", QVariant.String)])
    teams.updateFields()
    third = -(-len(feats) // 3)
    for i in range(3):
        f = QgsFeature(teams.fields())
        f.setAttributes([f"WT{i + 1}", f"Wijkteam {i + 1}"])
        f.setGeometry(QgsGeometry.unaryUnion([g.geometry() for g in feats[i * third:(i + 1) * third]]))
        teams.dataProvider().addFeature(f)
    QgsProject.instance().addMapLayer(teams, False)
    a.division_combo.setLayer(teams)
    a.division_code.setField("code")
    a.division_name.setField("naam")
    demo = os.path.dirname(QgsProject.instance().fileName())  # the demo's registrations and configuration
    a.input_widget.setFilePath(os.path.join(demo, "registraties_losser.csv"))
    a.config_widget.setFilePath(os.path.join(demo, "steunstructuur_losser.json"))
    output = os.path.join(demo, "wijkteams.gpkg")
    a.output_widget.setFilePath(output)
    dock.tabs.setCurrentIndex(0)
    said = []
    real_message = dock.message
    dock.message = lambda text, level=Qgis.Info: (said.append(str(text)), real_message(text, level))
    run_and_wait(dock)
    layers = [lyr for lyr in QgsProject.instance().mapLayers().values() if lyr.source().startswith(output)]
    own = [lyr for lyr in layers if "own areas" in lyr.name()]
    dock.message = real_message
    result = {"own_area_layers": sorted(lyr.name() for lyr in layers), "own_area_messages": said,
              "own_area_inputs": [a.input_widget.filePath(), a.config_widget.filePath()]}
    if own:
        for lyr in layers:  # the areas' map alone
            node = QgsProject.instance().layerTreeRoot().findLayer(lyr.id())
            node.setItemVisibilityChecked(lyr is own[0])
        for node in QgsProject.instance().layerTreeRoot().findLayers():
            if node.layer().source().split("|")[0] != output and node.layer().name() != "Voorzieningen":
                node.setItemVisibilityChecked(False)
        iface.setActiveLayer(own[0])
        dock.refresh()
        dock.select_indicator("jeugd")
        result["own_area_renderer"] = own[0].renderer().classAttribute()
        result["own_area_items"] = [dock.indicator_list.item(i).text() for i in range(dock.indicator_list.count())]
        result["own_area_codes"] = sorted(f["code"] for f in own[0].getFeatures())
        from qgis.core import QgsPalLayerSettings, QgsVectorLayerSimpleLabeling

        labels = QgsPalLayerSettings()  # the areas' names on the screenshot
        labels.fieldName = "name"
        own[0].setLabeling(QgsVectorLayerSimpleLabeling(labels))
        own[0].setLabelsEnabled(True)
        iface.mapCanvas().setExtent(own[0].extent())
        iface.mapCanvas().refreshAllLayers()
        iface.mapCanvas().waitWhileRendering()
        QgsApplication.processEvents()
        dock.tabs.setCurrentIndex(1)
        dock.tabs.widget(1).verticalScrollBar().setValue(0)  # the indicator list, at the top
        QgsApplication.processEvents()
    result["screenshot_own_areas"] = shot("qgis_desktop_eigen_gebieden.png")
    return result


def series(dock, suffix: str = "") -> dict:
    """A series of peildata from the dock: the demo's configuration with four quarters
    (a configuration file as the field mapping writes it), Run; the buurten over time
    loaded, the peildatum slider on the second quarter, the Temporal Controller's dock
    open on that frame.  ``suffix``: of the screenshots' names (the Dutch 1366x768 run);
    layers are found by the tables they show, in any language."""
    import dataclasses

    from qgis.core import QgsFeatureRequest, QgsVectorLayerTemporalContext

    from steunstructuur_plugin.core.config import AnalysisConfig

    a = dock.analysis
    a.division_combo.setLayer(None)
    demo = os.path.dirname(QgsProject.instance().fileName())
    if a.area_combo.currentLayer() is None:  # as the own areas' step leaves them
        dock.add_bundled_buurten()
    a.input_widget.setFilePath(os.path.join(demo, "registraties_losser.csv"))
    cfg = AnalysisConfig.load(os.path.join(demo, "steunstructuur_losser.json"))
    cfg = dataclasses.replace(cfg, source=dataclasses.replace(
        cfg.source, reference_date=None, series={"start": "2023-04-01", "end": "2024-01-01", "step": "quarter"}))
    cfg.save(os.path.join(demo, "reeks.json"))
    a.config_widget.setFilePath(os.path.join(demo, "reeks.json"))
    output = os.path.join(demo, "reeks.gpkg")
    a.output_widget.setFilePath(output)
    dock.tabs.setCurrentIndex(0)
    run_and_wait(dock)
    layers = [lyr for lyr in QgsProject.instance().mapLayers().values() if lyr.source().startswith(output)]
    over = [lyr for lyr in layers if lyr.source().split("|layername=")[-1].split("|")[0] == "buurt_reeks"]
    result = {"series_layers": sorted(lyr.name() for lyr in layers)}
    if over:
        for node in QgsProject.instance().layerTreeRoot().findLayers():  # the series' map alone
            node.setItemVisibilityChecked(node.layer() is over[0])
        iface.setActiveLayer(over[0])
        dock.refresh()
        dock.select_indicator("armoede")
        dock.tabs.setCurrentIndex(1)
        result["series_peildata"] = dock.peildatum.peildata
        dock.peildatum.slider.setValue(1)
        canvas = iface.mapCanvas()
        result["series_label"] = dock.peildatum.date.text()
        result["series_range"] = [canvas.temporalRange().begin().toString("yyyy-MM-dd"),
                                  canvas.temporalRange().end().toString("yyyy-MM-dd")]
        ctx = QgsVectorLayerTemporalContext()
        ctx.setLayer(over[0])
        expression = over[0].temporalProperties().createFilterString(ctx, canvas.temporalRange())
        shown = list(over[0].getFeatures(QgsFeatureRequest().setFilterExpression(expression)))
        result["series_shown"] = sorted({f["peildatum"].toString("yyyy-MM-dd") for f in shown}) + [len(shown)]
        controller = [w for w in iface.mainWindow().findChildren(QDockWidget) if "emporal" in w.objectName()
                      or "Temporal" in w.windowTitle()]
        if controller:
            controller[0].show()
            controller[0].raise_()
        result["series_controller_dock"] = bool(controller)
        canvas.setExtent(over[0].extent())
        canvas.refreshAllLayers()
        canvas.waitWhileRendering()
        QgsApplication.processEvents()
        dock.tabs.widget(1).verticalScrollBar().setValue(0)
        QgsApplication.processEvents()
    result["screenshot_series"] = shot(f"qgis_desktop_reeks{suffix}.png")
    trend = [lyr for lyr in layers if lyr.source().split("|layername=")[-1].split("|")[0] == "buurt_trend"]
    if trend:  # the trend map of armoede and the chart of the first wijk
        for node in QgsProject.instance().layerTreeRoot().findLayers():
            node.setItemVisibilityChecked(node.layer() is trend[0])
        iface.setActiveLayer(trend[0])
        dock.refresh()
        dock.select_indicator("armoede")
        panel = dock.trend_chart
        result["trend_areas"] = panel.area_combo.count()
        panel.area_combo.setCurrentIndex(1)
        result["trend_choice"] = list(dock.chart_choice()[1:])
        result["trend_chart_width"] = panel.chart.pixmap().width() if panel.chart.pixmap() else 0
        result["trend_sideways"] = dock.tabs.widget(1).horizontalScrollBar().isVisible()
        result["trend_renderer"] = trend[0].renderer().classAttribute()
        canvas = iface.mapCanvas()
        canvas.refreshAllLayers()
        canvas.waitWhileRendering()
        QgsApplication.processEvents()
        scroll = dock.tabs.widget(1)
        scroll.verticalScrollBar().setValue(panel.y() - 200)  # the list's end, the slider and the chart
        QgsApplication.processEvents()
        result["screenshot_trend"] = shot(f"qgis_desktop_trend{suffix}.png")
        # the pilot: the first six buurten against the others, selected on the trend map
        codes = sorted(f["code"] for f in trend[0].getFeatures())
        pilot = dock.pilot
        trend[0].selectByExpression(f"\"code\" IN ({', '.join(repr(c) for c in codes[:6])})")
        pilot.buttons["intervention"].click()
        trend[0].selectByExpression(f"\"code\" IN ({', '.join(repr(c) for c in codes[6:])})")
        pilot.buttons["control"].click()
        trend[0].removeSelection()
        found = dock.evaluate_pilot()
        result["pilot"] = [pilot.counts["intervention"].text(), pilot.counts["control"].text(),
                           pilot.result.text().split("\n")[0] if found is not None else pilot.result.text()]
        QgsApplication.processEvents()
        scroll.verticalScrollBar().setValue(pilot.y() - 40)
        QgsApplication.processEvents()
        result["screenshot_pilot"] = shot(f"qgis_desktop_pilot{suffix}.png")
    return result


def check():
    import qgis.utils

    out = {"errors": errors}
    try:
        out["plugin_loaded"] = "steunstructuur_plugin" in qgis.utils.plugins
        out["active_plugins"] = sorted(qgis.utils.active_plugins)
        dock = iface.mainWindow().findChild(QDockWidget, "SteunstructuurDock")
        out["dock_present"] = dock is not None
        out["dock_visible"] = bool(dock and dock.isVisible())
        out["provider"] = QgsApplication.processingRegistry().providerById("steunstructuur") is not None
        out["layers"] = [lyr.name() for lyr in QgsProject.instance().mapLayers().values()]
        top = QgsProject.instance().layerTreeRoot().findLayers()[0].layer()
        out["top_layer"] = [top.name(), top.featureCount()]
        menus = [a.menu() for a in iface.pluginMenu().actions() if a.menu() and "Steunstructuur" in a.text()]
        out["plugin_menu"] = [a.text() for a in menus[0].actions()] if menus else []
        from steunstructuur_plugin.plugin import about_text, help_path

        out["help_path"] = help_path()
        out["about"] = about_text()
        if dock is not None and os.environ.get("STEUN_MODE") == "fit":
            iface.mainWindow().showMaximized()
            for _ in range(20):
                QgsApplication.processEvents()
                time.sleep(0.05)
            out["fit"] = fit(dock)
            out["screenshot_fit"] = shot("qgis_desktop_1366_nl.png")
            dock.tabs.setCurrentIndex(3)
            QgsApplication.processEvents()
            out["fit"]["report_lines"] = fit(dock)["report_lines"]
            out["screenshot_report"] = shot("qgis_desktop_1366_nl_verslag.png")
            dock.tabs.setCurrentIndex(4)
            QgsApplication.processEvents()
            pub = dock.publications
            out["fit"]["publications"] = {b: getattr(pub, f"{b}_button").isVisible() for b in
                                          ("remove", "export", "import", "clear")}
            out["screenshot_publications"] = shot("qgis_desktop_1366_nl_publicaties.png")
            # the series' panels in Dutch at this size: the slider, the chart and the pilot
            out["series"] = series(dock, "_1366_nl")
        elif dock is not None:
            out["indicators"] = dock.indicators()
            out["items"] = [dock.indicator_list.item(i).text() for i in range(dock.indicator_list.count())]
            out["screenshot_start"] = shot("qgis_desktop_armoede.png")
            layer = dock.target_layer()
            dock.select_indicator("jeugd")
            QgsApplication.processEvents()
            out["renderer_after_select"] = layer.renderer().classAttribute()
            out["canvas_scale"] = iface.mapCanvas().scale()
            out["screenshot"] = shot("qgis_desktop_jeugd.png")
            iface.setActiveLayer(layer)
            dock.export_map(os.path.join(SHOT_DIR, "qgis_desktop_jeugd.pdf"))  # audits first, in a task
            deadline = time.time() + 60
            while dock.audit_task is not None and time.time() < deadline:
                QgsApplication.processEvents()
                time.sleep(0.02)
            out["pdf"] = dock.last_export
            # the bivariate section, driven as a user would: pick the pair, press the button
            from steunstructuur_plugin.styling.bivariate import BI_FIELD

            dock.bivariate.bi_x_combo.setCurrentIndex(dock.bivariate.bi_x_combo.findData("armoede"))
            dock.bivariate.bi_y_combo.setCurrentIndex(dock.bivariate.bi_y_combo.findData("jeugd"))
            dock.bivariate.bi_button.click()
            QgsApplication.processEvents()
            iface.mapCanvas().refreshAllLayers()
            iface.mapCanvas().waitWhileRendering()
            QgsApplication.processEvents()
            bi = [lyr for lyr in QgsProject.instance().mapLayers().values() if lyr.name().endswith("armoede × jeugd")]
            out["bivariate_layers"] = len(bi)
            if bi:
                r = bi[0].renderer()
                out["bivariate_renderer"] = [r.type(), r.classAttribute(), len(r.categories())]
                out["bivariate_codes"] = sorted({f[BI_FIELD] for f in bi[0].getFeatures()})
                out["bivariate_legend_image"] = bi[0].legendPlaceholderImage()
            out["bivariate_legend_shown"] = not dock.bivariate.bi_legend.pixmap().isNull()
            out["screenshot_bivariate"] = shot("qgis_desktop_bivariaat.png")
            # where help is missing: armoede high, no huisarts within 1 km; the first listed zoomed to
            dock.tabs.setCurrentIndex(1)
            project_root = QgsProject.instance().layerTreeRoot()
            for node in project_root.findLayers():  # the indicator map, not the bivariate one
                if node.layer().name().endswith("armoede × jeugd"):
                    node.setItemVisibilityChecked(False)
            dock.select_indicator("armoede")
            dock.gaps.type_combo.setCurrentIndex(dock.gaps.type_combo.findData("wijkteam"))
            dock.gaps.distance_combo.setCurrentIndex(dock.gaps.distance_combo.findData(1000))
            dock.gaps.find_button.click()
            dock.gaps.list.setCurrentRow(0)
            if dock.gaps.list.count():
                dock.gaps.list.scrollToItem(dock.gaps.list.item(0))
                dock.tabs.widget(1).ensureWidgetVisible(dock.gaps.list)
            iface.mapCanvas().waitWhileRendering()
            QgsApplication.processEvents()
            out["gaps"] = [dock.gaps.list.item(i).text() for i in range(dock.gaps.list.count())]
            out["gaps_selected"] = [f["code"] for f in layer.selectedFeatures()]
            out["gpkg"] = layer.source().split("|")[0]
            out["screenshot_gaps"] = shot("qgis_desktop_hulp_ontbreekt.png")
            # need x reach: armoede against the share of its persons farther than 1 km from a wijkteam
            layer.removeSelection()
            axis = "bereik:armoede:wijkteam:1000"
            out["reach_axis_offered"] = dock.bivariate.bi_y_combo.findData(axis) >= 0
            dock.bivariate.bi_x_combo.setCurrentIndex(dock.bivariate.bi_x_combo.findData("armoede"))
            dock.bivariate.bi_y_combo.setCurrentIndex(dock.bivariate.bi_y_combo.findData(axis))
            dock.bivariate.bi_button.click()
            iface.mapCanvas().zoomToFullExtent()
            iface.mapCanvas().refreshAllLayers()
            iface.mapCanvas().waitWhileRendering()
            QgsApplication.processEvents()
            reach_layers = [lyr for lyr in QgsProject.instance().mapLayers().values()
                            if lyr.name().endswith("farther than 1 km from wijkteam (%)")]
            out["reach_bivariate"] = sorted({f["bi_class"] for f in reach_layers[0].getFeatures()}) \
                if reach_layers else []
            out["screenshot_need_reach"] = shot("qgis_desktop_behoefte_bereik.png")
            out.update(own_areas(dock))
            out.update(series(dock))
    except Exception:  # reported to the test, which fails on it
        out["exception"] = traceback.format_exc()
    with open(RESULT, "w", encoding="utf-8") as fh:
        json.dump(out, fh, indent=2)
    QgsProject.instance().setDirty(False)
    QTimer.singleShot(200, QgsApplication.instance().quit)


QTimer.singleShot(int(os.environ.get("STEUN_DELAY_MS", "4000")), check)
