"""QGIS set-up shared by the benchmark scripts, and the CBS buurten that overlap."""

import os
import sys

import numpy as np

_APP = []  # the QgsApplication must outlive every map rendered


def qgis_app():
    """One offscreen QgsApplication per process, kept referenced."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qgis.core import QgsApplication

    if not _APP:
        _APP.append(QgsApplication([], False))
        _APP[0].initQgis()
    return _APP[0]


def processing_module():
    """QGIS's ``processing`` module, initialised with the native algorithms."""
    from qgis.analysis import QgsNativeAlgorithms
    from qgis.core import QgsApplication

    qgis_app()
    sys.path.append("/usr/share/qgis/python/plugins")
    from processing.core.Processing import Processing

    Processing.initialize()
    if QgsApplication.processingRegistry().providerById("native") is None:
        QgsApplication.processingRegistry().addProvider(QgsNativeAlgorithms())
    import processing
    return processing


def overlapping_pairs(geoms):
    """(i, j) with j < i for polygons that share more than 1 m² (buurten inside or over
    another buurt in the CBS file); bounding boxes first, then the intersection."""
    b = np.array([g.bounds if g is not None else (np.inf, np.inf, -np.inf, -np.inf) for g in geoms])
    pairs = []
    for i, g in enumerate(geoms):
        if g is None:
            continue
        near = np.flatnonzero((b[:i, 0] < b[i, 2]) & (b[i, 0] < b[:i, 2]) & (b[:i, 1] < b[i, 3]) & (b[i, 1] < b[:i, 3]))
        pairs += [(i, int(j)) for j in near if g.intersection(geoms[j]).area > 1]
    return pairs
