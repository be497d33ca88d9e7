"""Reach along roads (#20 item 2): a small road layer with shortest paths worked out by
hand, the roads a QGIS expression leaves out, a road that connects to nothing, and the
categories a run gives registrations with it."""

import numpy as np
import pandas as pd
import pytest
from qgis.core import (
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsVectorFileWriter,
    QgsVectorLayer,
)

from steunstructuur_plugin.core.config import AnalysisConfig
from steunstructuur_plugin.core.reach import Provisions
from steunstructuur_plugin.core.reach.distance import with_reach_rows
from steunstructuur_plugin.core.reach.network import NetworkError, read_network

X0, Y0 = 170000.0, 410000.0


def _roads(path, lines):
    layer = QgsVectorLayer("LineString?crs=EPSG:28992&field=type:string", "wegen", "memory")
    feats = []
    for kind, pts in lines:
        f = QgsFeature(layer.fields())
        f.setAttributes([kind])
        f.setGeometry(QgsGeometry.fromPolylineXY([QgsPointXY(X0 + dx, Y0 + dy) for dx, dy in pts]))
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    QgsVectorFileWriter.writeAsVectorFormatV3(layer, str(path), QgsCoordinateTransformContext(), options)
    return str(path)


# O (the wijkteam) -> A 400 m east -> B 300 m north of A; O -> C 300 m north (a dead end);
# a motorway straight from O to B (500 m); a road 1 km away that meets no other road
ROADS = [("weg", [(0, 0), (400, 0), (400, 300)]), ("weg", [(0, 0), (0, 300)]),
         ("snelweg", [(0, 0), (400, 300)]), ("weg", [(1000, 0), (1100, 0)])]


@pytest.fixture
def network_file(tmp_path, qgis_ready):
    return _roads(tmp_path / "wegen.gpkg", ROADS)


def _wijkteam():
    return Provisions(np.array([X0]), np.array([Y0]), np.array(["wijkteam"], dtype=object),
                      np.array([""], dtype=object), "EPSG:28992")


def test_shortest_paths_worked_out_by_hand(network_file):
    # at B, at C, 50 m north of B (off the road), at the isolated road, and beside the road
    # towards A, nearer to O than to A
    px = X0 + np.array([400.0, 0.0, 400.0, 1000.0, 150.0])
    py = Y0 + np.array([300.0, 300.0, 350.0, 0.0, 20.0])
    walk = read_network(network_file, "\"type\" <> 'snelweg'", "EPSG:28992")
    d = walk.distances(px, py, _wijkteam(), "wijkteam")
    # B: 400 + 300 along the roads (not the 500 m straight line); C: 300; 50 m + 700; the
    # isolated road reaches no wijkteam; the last goes straight to the network's nearest
    # vertex (O, the wijkteam's own), as every point does: the network's vertices, not its lines
    assert d[:4].tolist() == [700.0, 300.0, 750.0, np.inf]
    assert d[4] == np.hypot(150.0, 20.0)
    drive = read_network(network_file, "", "EPSG:28992")  # the motorway too
    assert drive.distances(px[:1], py[:1], _wijkteam(), "wijkteam").tolist() == [500.0]
    with pytest.raises(NetworkError, match="no road selected"):
        read_network(network_file, "\"type\" = 'pad'", "EPSG:28992")
    with pytest.raises(NetworkError, match="network.where"):
        read_network(network_file, "\"type\" = = 1", "EPSG:28992")


def test_a_run_counts_by_the_roads(network_file, demo_cfg, tmp_path):
    """The registration at B is within 500 m of the wijkteam in a straight line, not along
    the roads (700 m)."""
    (tmp_path / "vz.csv").write_text("soort;x;y\nwijkteam;170000;410000\n", encoding="utf-8")
    data = demo_cfg.to_dict()
    data["source"] = {**data["source"], "location": "xy"}
    reach = {"indicators": ["armoede"], "types": ["wijkteam"], "distances": [500]}
    data["provisions"] = {"sources": [{"path": str(tmp_path / "vz.csv"), "type": "soort", "location": "xy",
                                       "x": "x", "y": "y"}], "reach": reach}
    records = pd.DataFrame({"row": [2], "person": [0], "category": ["bijstand"], "buurtcode": ["BU08560101"],
                            "_x": [X0 + 400.0], "_y": [Y0 + 300.0]})
    straight = with_reach_rows(records, _wijkteam(), AnalysisConfig.from_dict(data))
    data["provisions"]["reach"] = {**reach, "network": {"path": network_file, "where": "\"type\" <> 'snelweg'"}}
    roads = with_reach_rows(records, _wijkteam(), AnalysisConfig.from_dict(data))
    assert straight["category"].tolist() == ["bijstand", "_binnen_500m_wijkteam"]
    assert roads["category"].tolist() == ["bijstand"]
