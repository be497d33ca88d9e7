"""Own area divisions for tests: wijkteam areas of whole real buurten, as a user's layer."""


def losser_division(areas, path):
    """Three wijkteam areas of whole Losser buurten across the wijken (by the x of each
    buurt's centroid), written as a GeoPackage layer with a code and a name field; the
    buurt -> area mapping."""
    import numpy as np
    from qgis.core import QgsFeature, QgsField, QgsFields, QgsGeometry, QgsVectorFileWriter, QgsWkbTypes
    from qgis.PyQt.QtCore import QVariant
    from shapely import wkb
    from shapely.ops import unary_union

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
