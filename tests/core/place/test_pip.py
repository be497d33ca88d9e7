"""The vectorised point in polygon against shapely, on real CBS buurten and on hand-made
polygons with holes, several parts, overlaps and shared borders."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import MultiPolygon, Point, Polygon, box

from steunstructuur_plugin.core.place.pip import PolygonIndex


def _shapely_index(geoms, x, y):
    out = np.full(len(x), -1)
    for i, (px, py) in enumerate(zip(x, y)):
        for j, g in enumerate(geoms):
            if g is not None and g.contains(Point(px, py)):
                out[i] = j
                break
    return out


def test_every_uden_point_as_shapely_says(uden_areas):
    geoms = uden_areas.geometries
    minx = min(g.bounds[0] for g in geoms)
    miny = min(g.bounds[1] for g in geoms)
    maxx = max(g.bounds[2] for g in geoms)
    maxy = max(g.bounds[3] for g in geoms)
    rng = np.random.default_rng(5)
    x = rng.uniform(minx - 500, maxx + 500, 3000)
    y = rng.uniform(miny - 500, maxy + 500, 3000)
    got = PolygonIndex(geoms).locate(x, y)
    assert np.array_equal(got, _shapely_index(geoms, x, y))
    assert (got >= 0).sum() > 1000 and (got == -1).sum() > 100  # both kinds occur
    inner = [g.representative_point() for g in geoms]  # a point inside every buurt
    assert PolygonIndex(geoms).locate(np.array([p.x for p in inner]), np.array([p.y for p in inner])).tolist() \
        == list(range(26))


def test_holes_parts_outside_and_missing():
    ring = Polygon(box(0, 0, 10, 10).exterior.coords, [box(3, 3, 6, 6).exterior.coords])
    two_parts = MultiPolygon([box(20, 0, 22, 2), box(30, 0, 32, 2)])
    idx = PolygonIndex([ring, None, two_parts])
    x = np.array([1.0, 4.5, 21, 31, 25, -5, np.nan, 100])
    y = np.array([1.0, 4.5, 1, 1, 1, 0, 1, 100])
    assert idx.locate(x, y).tolist() == [0, -1, 2, 2, -1, -1, -1, -1]


def test_shared_border_goes_to_exactly_one_and_overlap_to_the_lower_index():
    left, right = box(0, 0, 1, 1), box(1, 0, 2, 1)
    on_border = PolygonIndex([left, right]).locate(np.array([1.0]), np.array([0.5]))
    assert on_border.tolist() == [1]  # half-open rule: a border point is counted once
    overlap = PolygonIndex([box(0, 0, 2, 2), box(1, 1, 3, 3)]).locate(np.array([1.5, 2.5]), np.array([1.5, 2.5]))
    assert overlap.tolist() == [0, 1]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 100), st.floats(0, 100)), min_size=1, max_size=60),
       st.integers(3, 9), st.floats(1, 20))
def test_random_star_polygons(points, n_vertices, cell):
    rng = np.random.default_rng(n_vertices)
    polys = []
    for cx, cy in ((30, 30), (70, 60), (40, 80)):
        angles = np.sort(rng.uniform(0, 2 * np.pi, n_vertices))
        radii = rng.uniform(5, 25, n_vertices)
        polys.append(Polygon(np.column_stack([cx + radii * np.cos(angles), cy + radii * np.sin(angles)])))
    x = np.array([p[0] for p in points]) + 0.123456  # off the vertices of this construction
    y = np.array([p[1] for p in points]) + 0.654321
    assert all(p.is_valid for p in polys)  # vertices sorted by angle: star-shaped, simple
    got = PolygonIndex(polys, cell_size=cell).locate(x, y)
    assert np.array_equal(got, _shapely_index(polys, x, y))  # overlaps: the lower index in both
