"""Distances along a road or path network (NWB, OSM) instead of straight lines.

In: a line layer (``provisions.reach.network``: a path QGIS opens and an optional QGIS
expression that selects the roads a person can walk or cycle), the area layer's
coordinate system, points (registrations) and provisions.  Out: per point the distance
along the network to the nearest provision of a type: from the point straight to the
nearest vertex of the network, along the roads, and straight from the network's vertex
nearest to the provision to the provision (inf when no road connects them).

The network is a graph of the lines' vertices (coordinates to the centimetre: lines that
share a vertex are joined), each segment an edge of its length both ways.  The nearest
provision for every vertex at once is one Dijkstra search from a virtual source linked to
each provision's vertex at the provision's own distance to it (scipy's
``csgraph.dijkstra``): QGIS's network analysis (``QgsGraphAnalyzer``) searches from one
start at a time, which for the nearest of thousands of provisions means thousands of
searches.  Lines are used as drawn: a crossing without a shared vertex (a bridge) is no
junction.
"""

from dataclasses import dataclass

import numpy as np

from ...i18n import tr
from ..errors import SteunstructuurError
from .provisions import Provisions


class NetworkError(SteunstructuurError, ValueError):
    pass


@dataclass
class Network:
    """Vertices (``xy``: n x 2, in the area layer's system) and the segments between them."""

    xy: np.ndarray
    graph: object  # scipy.sparse csr matrix, symmetric, segment lengths

    def _tree(self):
        if getattr(self, "_kd", None) is None:
            from scipy.spatial import cKDTree

            self._kd = cKDTree(self.xy)
        return self._kd

    def distances(self, x: np.ndarray, y: np.ndarray, prov: Provisions, kind: str) -> np.ndarray:
        """Per point the network distance to the nearest provision of ``kind`` (inf: none)."""
        from scipy.sparse import coo_matrix
        from scipy.sparse.csgraph import dijkstra

        mine = prov.type == kind
        if not mine.any() or not len(x):
            return np.full(len(x), np.inf)
        off_p, at_p = self._tree().query(np.column_stack([prov.x[mine], prov.y[mine]]))
        n = len(self.xy)
        # a virtual vertex n, linked to each provision's vertex at the provision's distance to it;
        # of two provisions at one vertex the nearer counts.  An explicit zero in a sparse
        # matrix is an edge for csgraph: a provision on a vertex links at 0.
        best = np.full(n, np.inf)
        np.minimum.at(best, at_p, off_p)
        linked = np.flatnonzero(np.isfinite(best))
        g = self.graph.tocoo()
        graph = coo_matrix((np.r_[g.data, best[linked]], (np.r_[g.row, np.full(len(linked), n)],
                                                           np.r_[g.col, linked])), shape=(n + 1, n + 1)).tocsr()
        reach = dijkstra(graph, directed=True, indices=n)[:n]
        off, at = self._tree().query(np.column_stack([x, y]))
        return off + reach[at]


def read_network(path: str, where: str, crs: str) -> Network:
    """The line layer at ``path`` (only the features ``where`` selects, a QGIS expression),
    in ``crs``."""
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransform,
        QgsFeatureRequest,
        QgsProject,
        QgsVectorLayer,
        QgsWkbTypes,
    )
    from scipy.sparse import coo_matrix

    layer = QgsVectorLayer(path, "netwerk", "ogr")
    if not layer.isValid():
        raise NetworkError(tr("{path}: QGIS cannot open this road layer").format(path=path))
    if QgsWkbTypes.geometryType(layer.wkbType()) != QgsWkbTypes.LineGeometry:
        raise NetworkError(tr("{path}: not a line layer; a network is roads or paths as lines").format(path=path))
    request = QgsFeatureRequest()
    if where:
        request.setFilterExpression(where)
        if request.filterExpression().hasParserError():
            raise NetworkError(tr("provisions.reach.network.where: {error}").format(
                error=request.filterExpression().parserErrorString()))
    to_area = QgsCoordinateTransform(layer.crs(), QgsCoordinateReferenceSystem(crs), QgsProject.instance())
    starts, ends = [], []
    for feat in layer.getFeatures(request):
        g = feat.geometry()
        if g is None or g.isEmpty():
            continue
        g.transform(to_area)
        parts = g.asMultiPolyline() if g.isMultipart() else [g.asPolyline()]
        for line in parts:
            pts = np.array([(p.x(), p.y()) for p in line], dtype=float)
            if len(pts) >= 2:
                starts.append(pts[:-1])
                ends.append(pts[1:])
    if not starts:
        raise NetworkError(tr("{path}: no road selected; check the layer and provisions.reach.network.where")
                           .format(path=path))
    a, b = np.concatenate(starts), np.concatenate(ends)
    keys = np.round(np.vstack([a, b]) * 100).astype(np.int64)
    uniq, inv = np.unique(keys, axis=0, return_inverse=True)
    inv = inv.ravel()
    ia, ib = inv[:len(a)], inv[len(a):]
    length = np.hypot(*(b - a).T)
    keep = ia != ib
    n = len(uniq)
    graph = coo_matrix((np.r_[length[keep], length[keep]], (np.r_[ia[keep], ib[keep]], np.r_[ib[keep], ia[keep]])),
                       shape=(n, n)).tocsr()
    graph.sum_duplicates()
    # two segments between the same vertices: the shorter counts (coo sums them: take the minimum)
    if graph.nnz < 2 * int(keep.sum()):
        pairs = {}
        for i, j, w in zip(np.r_[ia[keep], ib[keep]], np.r_[ib[keep], ia[keep]], np.r_[length[keep], length[keep]]):
            pairs[(i, j)] = min(w, pairs.get((i, j), np.inf))
        ij = np.array(list(pairs), dtype=np.int64).reshape(-1, 2)
        graph = coo_matrix((np.array(list(pairs.values())), (ij[:, 0], ij[:, 1])), shape=(n, n)).tocsr()
    return Network(uniq / 100.0, graph)
