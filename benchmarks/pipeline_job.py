"""One measured job of the pipeline benchmark, in its own process so that its peak memory
is its own.  Prints one JSON line.

    pipeline_job.py ours CSV {xy|postcode} PC_TABLE OUT.gpkg COUNTS.npy
        the full pipeline (read, validate, pseudonymise, locate, aggregate, suppress,
        audit, write the GeoPackage), then - untimed - the records located per buurt
        (COUNTS.npy "-": not counted)
    pipeline_job.py ours CSV xy - OUT.gpkg - series
        the same with a series of 12 monthly peildata (2024-01-01 to 2024-12-01, from the
        registrations' start dates)
    pipeline_job.py floor CSV
        the least row work any pipeline in this Python has to do (see floor())
    pipeline_job.py qgis POINTS.gpkg COUNTS.npy
        QGIS's native:countpointsinpolygon of the same points on all NL buurten
"""

import json
import os
import resource
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

import nl_data  # noqa: E402
import numpy as np  # noqa: E402
import qgis_tools  # noqa: E402


def _peak_mb():
    """This process's peak resident memory.  ``VmHWM`` and not ``ru_maxrss``: Linux
    carries ru_maxrss over from the parent across fork and exec, so a job started by a
    large benchmark process would report the benchmark's peak."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _areas():
    from steunstructuur_plugin.core.config import AreaConfig
    from steunstructuur_plugin.core.place.areas import area_table_from_layer, load_area_layer

    layer = load_area_layer(nl_data.NL_GPKG, "buurten_2019")
    areas = area_table_from_layer(layer, AreaConfig(denominator=None))
    inhabitants = nl_data.nl_buurten().set_index("buurtcode")["inwoners"]
    areas.frame["denominator"] = areas.frame["code"].map(inhabitants).to_numpy()
    return layer, areas


def ours(csv_path, location, pc_table, out, counts_path, series=""):
    import dataclasses

    from registrations_nl import bench_config

    from steunstructuur_plugin.core import pipeline

    qgis_tools.qgis_app()
    cfg = bench_config(location, pc_table)
    if series:
        cfg = dataclasses.replace(cfg, source=dataclasses.replace(
            cfg.source, start_date="startdatum", end_date="einddatum",
            series={"start": "2024-01-01", "end": "2024-12-01", "step": "month"})).validate()
    t0 = time.perf_counter()
    marks = [("reading the buurt layer", t0)]
    _layer, areas = _areas()

    def progress(pct, msg):
        marks.append((msg, time.perf_counter()))
        return True

    result = pipeline.run(csv_path, areas, cfg, output=out, secret=b"benchmark", progress=progress)
    t_end = time.perf_counter()
    peak = _peak_mb()
    # each mark is the start of a step: a step lasts until the next mark; the chunks of
    # reading add up to one step
    steps = {}
    for (msg, t), (_m, nxt) in zip(marks, marks[1:] + [("end", t_end)]):
        # the first chunk starts at "reading registrations"; every chunk ends with "read, ..."
        msg = msg.split(": ", 1)[-1] if msg.startswith("peildatum ") else msg  # a series: its steps summed
        key = "read, validate, pseudonymise, locate" if msg.startswith(("read,", "reading reg")) else msg
        steps[key] = round(steps.get(key, 0.0) + nxt - t, 2)
    progress_reports = len(marks) - 1
    if counts_path != "-":
        np.save(counts_path, _located(csv_path, cfg, areas))
    r = result.report
    print(json.dumps({"seconds": round(t_end - t0, 2), "peak_mb": round(peak), "steps": steps,
                      "progress_reports": progress_reports,
                      "rows_read": r.rows_read, "rows_counted": r.rows_counted, "rows_duplicate": r.rows_duplicate,
                      "rows_rejected": r.rows_rejected, "audit_ok": result.audit.ok,
                      "cells_hidden": result.loss["cells_hidden"], "gpkg_mb": round(os.path.getsize(out) / 1e6, 1),
                      "series": result.metadata.get("series", {})}))


def _located(csv_path, cfg, areas):
    """Untimed: the records located per buurt, by the same core functions."""
    from steunstructuur_plugin.core.place.locate import locate
    from steunstructuur_plugin.core.read.registrations import ImportReport, prepare_records, read_table

    report = ImportReport()
    records = locate(prepare_records(read_table(csv_path, cfg, report), cfg, b"benchmark", report),
                     cfg, areas, report)
    index = {c: i for i, c in enumerate(areas.codes)}
    return np.bincount(records["buurtcode"].map(index).to_numpy(dtype=np.int64), minlength=len(areas.codes))


def floor(csv_path):
    """The row work no pipeline in this Python can leave out, each step with the fastest
    primitive the QGIS Python environment has and nothing else (no validation, no
    chunks, no disclosure control): pandas' C parser reading the four columns used (x/y
    straight to floats), one HMAC per distinct key, and locating every point (the
    numpy point-in-polygon, index built once; QGIS's own is slower)."""
    import pandas as pd

    from steunstructuur_plugin.core.read.pseudonymise import _digests

    qgis_tools.qgis_app()
    steps = {}
    t0 = time.perf_counter()
    _layer, areas = _areas()
    t = time.perf_counter()
    steps["reading the buurt layer"] = t - t0
    frame = pd.read_csv(csv_path, sep=";", usecols=["bsn", "x_rd", "y_rd", "voorziening"], decimal=",",
                        dtype={"bsn": str, "voorziening": str, "x_rd": float, "y_rd": float}, engine="c")
    steps["CSV parse"] = time.perf_counter() - t
    t = time.perf_counter()
    codes, keys = pd.factorize(frame.pop("bsn"))
    _digests(keys, b"benchmark", False)  # HMAC-SHA-256 the fastest way this Python has
    steps[f"HMAC of {len(keys):,} distinct keys"] = time.perf_counter() - t
    t = time.perf_counter()
    hit = areas.polygon_index().locate(frame["x_rd"].to_numpy(), frame["y_rd"].to_numpy())
    steps["point in polygon (index and lookup)"] = time.perf_counter() - t
    total = time.perf_counter() - t0
    print(json.dumps({"seconds": round(total, 2), "steps": {k: round(v, 2) for k, v in steps.items()},
                      "rows": len(frame), "located": int((hit >= 0).sum()), "peak_mb": round(_peak_mb())}))


def qgis(points_gpkg, counts_path):
    from qgis.core import QgsVectorLayer

    processing = qgis_tools.processing_module()

    from steunstructuur_plugin.core.place.areas import load_area_layer
    layer = load_area_layer(nl_data.NL_GPKG, "buurten_2019")  # what an analyst has loaded: no more
    codes = [f["buurtcode"] for f in layer.getFeatures()]
    points = QgsVectorLayer(points_gpkg, "points", "ogr")
    before = _peak_mb()
    t0 = time.perf_counter()
    res = processing.run("native:countpointsinpolygon",
                         {"POLYGONS": layer, "POINTS": points, "FIELD": "n", "OUTPUT": "memory:"})
    dt = time.perf_counter() - t0
    peak = _peak_mb()
    theirs = {f["buurtcode"]: int(f["n"]) for f in res["OUTPUT"].getFeatures()}
    np.save(counts_path, np.array([theirs.get(c, 0) for c in codes], dtype=np.int64))
    print(json.dumps({"seconds": round(dt, 2), "peak_mb": round(peak), "peak_mb_before": round(before),
                      "points": points.featureCount()}))


if __name__ == "__main__":
    if sys.argv[1] == "ours":
        ours(*sys.argv[2:8])
    elif sys.argv[1] == "floor":
        floor(sys.argv[2])
    else:
        qgis(*sys.argv[2:4])
