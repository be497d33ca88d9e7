"""Write the safe table to the output GeoPackage (the contract in the README).

Layers ``buurt``, ``wijk``, ``gemeente`` (polygons) and the non-spatial ``metadata``
table (key, value), sealed (:mod:`.seal`) once complete.  Only the safe table reaches
this module: no row-level data.
"""

import json
import os
import sqlite3
from typing import Dict, Optional

import pandas as pd
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant
from shapely import wkb
from shapely.ops import unary_union

from ..count.aggregate import LEVELS
from ..errors import SteunstructuurError
from ..place.areas import AreaTable
from ..qvalues import is_null
from .seal import OWN_TABLES, own_tables, seal_secret, write_seal

METADATA_LAYER = "metadata"


class OutputError(SteunstructuurError, RuntimeError):
    pass


def level_geometries(areas: AreaTable) -> Dict[str, Dict[str, object]]:
    """code -> shapely geometry for buurt, wijk and gemeente: wijken dissolved from their
    buurten, gemeenten from their (already dissolved) wijken, which is quicker than from
    all their buurten."""
    af = areas.frame
    geoms = areas.geometries
    out = {"buurt": dict(zip(af["code"], geoms))}
    out["wijk"] = {code: unary_union([geoms[i] for i in idx if geoms[i] is not None])
                   for code, idx in af.groupby("wijkcode", sort=True).indices.items()}
    wijken = af[["wijkcode", "gemeentecode"]].dropna().drop_duplicates("wijkcode")
    out["gemeente"] = {code: unary_union([out["wijk"][w] for w in group["wijkcode"]])
                       for code, group in wijken.groupby("gemeentecode", sort=True)}
    return out


def _qfield(name: str, series: pd.Series) -> QgsField:
    if name.endswith("_n"):
        return QgsField(name, QVariant.Int)
    if name.endswith(("_per1000", "denominator")):
        return QgsField(name, QVariant.Double)
    return QgsField(name, QVariant.String)


def _value(v):
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return None
    if hasattr(v, "item"):
        return v.item()
    return v


def _writer(path, layer_name, fields, geom_type, crs, append):
    opts = QgsVectorFileWriter.SaveVectorOptions()
    opts.driverName = "GPKG"
    opts.layerName = layer_name
    opts.fileEncoding = "UTF-8"
    opts.actionOnExistingFile = (QgsVectorFileWriter.CreateOrOverwriteLayer if append
                                 else QgsVectorFileWriter.CreateOrOverwriteFile)
    writer = QgsVectorFileWriter.create(path, fields, geom_type, crs, QgsCoordinateTransformContext(), opts)
    if writer.hasError() != QgsVectorFileWriter.NoError:
        raise OutputError(f"{path}: cannot write layer '{layer_name}': {writer.errorMessage()}")
    return writer


def write_geopackage(path: str, safe: Dict[str, pd.DataFrame], areas: AreaTable, metadata: dict,
                     seal_key: Optional[bytes] = None) -> str:
    """Write the three levels and the metadata table, check that all four are there, and
    seal the file with ``seal_key`` (default: the user's, :func:`.seal.seal_secret`);
    return ``path``."""
    os.makedirs(os.path.dirname(os.path.abspath(path)) or ".", exist_ok=True)
    if os.path.exists(path):
        os.remove(path)
    crs = QgsCoordinateReferenceSystem(areas.crs)
    geoms = level_geometries(areas)
    for n, level in enumerate(LEVELS):
        table = safe[level]
        fields = QgsFields()
        for col in table.columns:
            fields.append(_qfield(col, table[col]))
        writer = _writer(path, level, fields, QgsWkbTypes.MultiPolygon, crs, append=n > 0)
        for rec in table.itertuples(index=False):
            feat = QgsFeature(fields)
            feat.setAttributes([_value(v) for v in rec])
            g = geoms[level].get(rec[0])
            if g is not None:
                qg = QgsGeometry()
                qg.fromWkb(wkb.dumps(g))
                qg.convertToMultiType()
                feat.setGeometry(qg)
            writer.addFeature(feat)
        del writer
    fields = QgsFields()
    fields.append(QgsField("key", QVariant.String))
    fields.append(QgsField("value", QVariant.String))
    writer = _writer(path, METADATA_LAYER, fields, QgsWkbTypes.NoGeometry, QgsCoordinateReferenceSystem(), True)
    for key, value in metadata.items():
        feat = QgsFeature(fields)
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
        feat.setAttributes([key, text])
        writer.addFeature(feat)
    del writer
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        written = own_tables(con)
    finally:
        con.close()
    if written != sorted(OWN_TABLES):
        raise OutputError(f"{path}: the file lacks {', '.join(sorted(set(OWN_TABLES) - set(written)))} after "
                          "writing (disk full?); it is not a complete output")
    write_seal(path, seal_key if seal_key is not None else seal_secret())
    return path


def read_metadata(path: str) -> dict:
    layer = QgsVectorLayer(f"{path}|layername={METADATA_LAYER}", METADATA_LAYER, "ogr")
    if not layer.isValid():
        raise OutputError(f"{path}: no '{METADATA_LAYER}' table")
    out = {}
    for f in layer.getFeatures():
        try:
            out[f["key"]] = json.loads(f["value"])
        except (TypeError, ValueError):
            out[f["key"]] = f["value"]
    return out


def read_tables(path: str) -> Dict[str, pd.DataFrame]:
    """The attribute tables of the buurt, wijk and gemeente layers of an output GeoPackage."""
    out = {}
    for level in LEVELS:
        layer = QgsVectorLayer(f"{path}|layername={level}", level, "ogr")
        if not layer.isValid():
            raise OutputError(f"{path}: no '{level}' layer: not a Steunstructuur GeoPackage")
        names = [f.name() for f in layer.fields() if f.name() != "fid"]
        rows = [[None if is_null(feat[n]) else feat[n] for n in names] for feat in layer.getFeatures()]
        frame = pd.DataFrame(rows, columns=names)
        for col in names:
            if col.endswith("_n") or col.endswith("_per1000") or col.endswith("denominator"):
                frame[col] = pd.to_numeric(frame[col], errors="coerce")
        out[level] = frame
    return out
