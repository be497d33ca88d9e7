"""Own area divisions for tests: wijkteam areas of whole real buurten, as a user's layer."""

import numpy as np
from shapely.ops import unary_union

from steunstructuur_plugin.core.place.division import Division


def losser_division(areas, path):
    """Three wijkteam areas of whole Losser buurten across the wijken (by the x of each
    buurt's centroid), written as a GeoPackage layer with a code and a name field; the
    buurt -> area mapping."""
    from qgis.core import QgsFeature, QgsField, QgsFields, QgsGeometry, QgsVectorFileWriter, QgsWkbTypes
    from qgis.PyQt.QtCore import QVariant
    from shapely import wkb

    geoms = dict(zip(areas.frame["code"], areas.geometries))
    order = sorted(geoms, key=lambda c: geoms[c].centroid.x)
    groups = {f"WT{i + 1}": list(chunk) for i, chunk in enumerate(np.array_split(np.array(order), 3))}
    fields = QgsFields()
    fields.append(QgsField("code", QVariant.String))
    fields.append(QgsField("naam", QVariant.String))
    opts = QgsVectorFileWriter.SaveVectorOptions()
    opts.driverName, opts.layerName = "GPKG", "wijkteams"
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransformContext

    writer = QgsVectorFileWriter.create(str(path), fields, QgsWkbTypes.MultiPolygon,
                                        QgsCoordinateReferenceSystem("EPSG:28992"), QgsCoordinateTransformContext(),
                                        opts)
    for code, members in groups.items():
        feat = QgsFeature(fields)
        feat.setAttributes([code, f"Wijkteam {code[2:]}"])
        g = QgsGeometry()
        g.fromWkb(wkb.dumps(unary_union([geoms[b] for b in members])))
        g.convertToMultiType()
        feat.setGeometry(g)
        assert writer.addFeature(feat)
    del writer
    return {b: a for a, bs in groups.items() for b in bs}


PAIR = ("BU08560117", "BU08560198")


def small_counts_csv(areas, seed, path):
    """The demo's categories at 8 % of its rates on these buurten: many small counts."""
    from steunstructuur_plugin.demo.synthetic import DEMO_RATES, generate, write_csv

    rates = {k: v * 0.08 for k, v in DEMO_RATES.items()}
    return write_csv(generate(areas, seed=seed, rates=rates, woonplaats="Uden"), str(path))


def uden_division(areas, buffer=2.0):
    """Five areas: the pair, then the other buurten by the x of their centroid in four
    runs (across wijken); one buurt (the westernmost) left outside the division."""
    frame = areas.frame
    geoms = dict(zip(frame["code"], areas.geometries))
    rest = sorted((c for c in frame["code"] if c not in PAIR), key=lambda c: geoms[c].centroid.x)
    groups = {"GB01": list(PAIR)}
    for i, chunk in enumerate(np.array_split(np.array(rest[1:]), 4)):
        groups[f"GB{i + 2:02d}"] = list(chunk)
    return Division(codes=list(groups), names=[f"Wijkteam {c[2:]}" for c in groups],
                    geometries=[unary_union([geoms[b] for b in bs]).buffer(buffer) for bs in groups.values()],
                    crs=areas.crs, source="wijkteams.gpkg"), groups, rest[0]
