"""A series of peildata from the dock (issue #21 item 1): the field mapping sets the series,
the run loads the buurten "over time" with QGIS's temporal properties, and the peildatum
slider shows each peildatum on the map canvas through the Temporal Controller: the
features the canvas's range selects are that peildatum's buurten, with its counts."""

import dataclasses

from docks import dock_ready_to_run, wait_until
from qgis.core import QgsFeatureRequest, QgsProject, QgsVectorLayerTemporalContext, QgsVectorLayerTemporalProperties


def _shown(layer, canvas):
    """The features the canvas's temporal range selects from ``layer`` (as QGIS draws them)."""
    ctx = QgsVectorLayerTemporalContext()
    ctx.setLayer(layer)
    expression = layer.temporalProperties().createFilterString(ctx, canvas.temporalRange())
    return list(layer.getFeatures(QgsFeatureRequest().setFilterExpression(expression)))


def test_series_from_the_dock(qgis_iface, qgis_new_project, demo_input, demo_cfg, losser_areas, tmp_path,
                              own_register):
    from reference import reference_counts

    from steunstructuur_plugin.core.config import AnalysisConfig
    from steunstructuur_plugin.styling.choropleth import indicators_of

    dock = dock_ready_to_run(qgis_iface, *demo_input, tmp_path / "reeks.gpkg", "CBS buurten Losser")
    try:
        # the field mapping: from the reference date up to a date, every quarter
        dialog = dock.mapping_dialog()
        dialog.reference_date.setText("2023-01-01")
        dialog.series_end.setText("2024-01-01")
        dialog.series_step.setCurrentIndex(dialog.series_step.findData("quarter"))
        path = dock.save_mapping(dialog, str(tmp_path / "reeks.json"))
        cfg = AnalysisConfig.load(path)
        assert cfg.source.series == {"start": "2023-01-01", "end": "2024-01-01", "step": "quarter"}
        assert cfg.source.reference_date is None
        dates = ["2023-01-01", "2023-04-01", "2023-07-01", "2023-10-01", "2024-01-01"]
        assert cfg.source.peildata() == dates
        dialog.series_end.setText("")  # one peildatum again
        assert dialog.config().source.reference_date == "2023-01-01" and not dialog.config().source.series

        dock.start_run()
        wait_until(lambda: dock.task is None, 120)
        assert dock.task is None, "the run did not finish"
        out = str(tmp_path / "reeks.gpkg")
        layers = {lyr.name(): lyr for lyr in QgsProject.instance().mapLayers().values()
                  if lyr.source().startswith(out)}
        assert len(layers) == 3
        over_time = next(lyr for name, lyr in layers.items() if name.startswith("reeks – over time"))
        trend = next(lyr for name, lyr in layers.items() if name.startswith("reeks – trend"))
        props = over_time.temporalProperties()
        assert props.isActive() and props.startExpression() == 'to_datetime("peildatum")'
        assert props.mode() == QgsVectorLayerTemporalProperties.ModeFeatureDateTimeStartAndEndFromExpressions
        assert indicators_of(over_time) == ["armoede", "jeugd", "wmo"] and over_time.featureCount() == 13 * 5
        # the slider: every peildatum, the last shown
        panel = dock.peildatum
        assert panel.isVisibleTo(dock) and panel.peildata == dates and panel.date.text() == "2024-01-01"
        canvas = qgis_iface.mapCanvas()
        frame = losser_areas.frame
        wijk_of, gem_of = dict(zip(frame["code"], frame["wijkcode"])), dict(zip(frame["code"], frame["gemeentecode"]))
        one = dataclasses.replace(demo_cfg)
        for i, date in enumerate(dates):
            panel.slider.setValue(i)
            assert panel.date.text() == date
            shown = _shown(over_time, canvas)
            assert sorted(f["code"] for f in shown) == sorted(frame["code"])  # the 13 buurten, once each
            assert {f["peildatum"].toString("yyyy-MM-dd") for f in shown} == {date}
            ref = reference_counts(demo_input[0], one, set(frame["code"]), wijk_of, gem_of, peildatum=date)
            for f in shown:
                if f["jeugd_status"] != "suppressed":
                    assert f["jeugd_n"] == ref["buurt"][f["code"]]["jeugd_n"], (date, f["code"])
        # the indicator list of the series layer counts its figures over the peildata
        qgis_iface.setActiveLayer(over_time)
        dock.refresh()
        labels = [dock.indicator_list.item(i).text() for i in range(dock.indicator_list.count())]
        published = sum(f["armoede_status"] != "suppressed" for f in over_time.getFeatures())
        assert labels[0] == f"armoede ({published} of 65 published: 13 buurten × 5 peildata)", labels
        dock.select_indicator("wmo")
        assert over_time.renderer().classAttribute() == 'coalesce("wmo_per1000", -1)'
        # the trend map: where a map rises significantly, driven by the same list
        qgis_iface.setActiveLayer(trend)
        dock.refresh()
        dock.select_indicator("jeugd")
        renderer = trend.renderer()
        assert renderer.type() == "categorizedSymbol" and renderer.classAttribute() == "jeugd_trend_class"
        assert [c.label() for c in renderer.categories()] == [
            "rising significantly", "falling significantly", "no significant trend", "too few published peildata"]
        rising = sum(f["jeugd_trend_class"] == "rising" for f in trend.getFeatures())
        labels = [dock.indicator_list.item(i).text() for i in range(dock.indicator_list.count())]
        assert labels[1] == f"jeugd ({rising} of 13 buurten rising significantly)"
        # the chart of an area: the gemeente, its wijken and buurten to choose from
        panel = dock.trend_chart
        assert panel.isVisibleTo(dock) and panel.area_combo.count() == 1 + 5 + 13
        assert panel.area() == ("gemeente", "GM0168") and not panel.chart.pixmap().isNull()
        first_buurt = sorted(frame["code"])[0]
        panel.choose("buurt", first_buurt)
        assert dock.chart_choice() == (out, "buurt", first_buurt, "jeugd")
        assert not panel.chart.pixmap().isNull()
        dock.export_chart(str(tmp_path / "grafiek.png"))
        assert open(tmp_path / "grafiek.png", "rb").read(4) == b"\x89PNG"
        # a pilot: buurten selected on the map as the groups, two peildata, the estimate
        pilot = dock.pilot
        assert pilot.isVisibleTo(dock) and [pilot.before.currentText(), pilot.after.currentText()] == [
            dates[0], dates[-1]]
        codes = sorted(frame["code"])
        qgis_iface.setActiveLayer(over_time)
        over_time.selectByExpression(f"\"code\" IN ({', '.join(repr(c) for c in codes[:6])})")
        pilot.buttons["intervention"].click()
        over_time.selectByExpression(f"\"code\" IN ({', '.join(repr(c) for c in codes[6:])})")
        pilot.buttons["control"].click()
        assert pilot.counts["intervention"].text() == "6 areas" and pilot.counts["control"].text() == "7 areas"
        dock.select_indicator("armoede")
        result = dock.evaluate_pilot()
        from steunstructuur_plugin.core.publish.geopackage import read_series
        from steunstructuur_plugin.core.series.pilot import pilot_effect

        want = pilot_effect(read_series(out)["buurt"], codes[:6], codes[6:], dates[0], dates[-1], "armoede")
        assert (result.effect, result.low, result.high, result.p) == (want.effect, want.low, want.high, want.p)
        assert pilot.result.text().startswith("difference in differences ") and not pilot.chart.pixmap().isNull()
        saved = dock.export_pilot(str(tmp_path / "pilot.pdf"))
        assert saved == (str(tmp_path / "pilot.pdf"), str(tmp_path / "pilot.csv"))
        # groups of two levels are refused, naming both
        pilot.set_group("control", "wijk", ["WK016800", "WK016801"])
        assert dock.evaluate_pilot() is None
        assert pilot.result.text() == ("the intervention areas are of level 'buurt', the control areas of 'wijk': "
                                       "choose both groups on one level")
        # without the layer over time, the trend layer's file gives the chart and the pilot (no slider)
        QgsProject.instance().removeMapLayer(over_time.id())
        qgis_iface.setActiveLayer(trend)
        dock.refresh()
        assert not panel.isHidden() and panel.area_combo.count() == 19 and not pilot.isHidden()
        assert dock.peildatum.isHidden() and dock.chart_choice()[0] == out
    finally:
        dock.cleanup()
