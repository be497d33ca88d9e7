"""Colour palettes for choropleth and bivariate maps, and a colour-vision check.

Pure Python/numpy: colours are ``#rrggbb`` strings.  The styling package turns them into
QGIS symbols.

Bivariate palettes are 3 x 3 grids in the layout of Joshua Stevens' bivariate choropleth
palettes (row = class of the second indicator, column = class of the first, low-low in
the light corner); 2 x 2 and 4 x 4 grids are sampled from the same surface by bilinear
interpolation in CIELAB.  ``blauw-oranje`` was chosen so that all nine colours stay
apart for people with protanopia, deuteranopia and tritanopia (see :func:`cvd_min_distance`).
"""

from typing import Dict, List

import numpy as np

#: sequential palettes, light to dark (7 steps, sampled for fewer classes)
SEQUENTIAL: Dict[str, List[str]] = {
    "oranje-rood": ["#fef0d9", "#fdd49e", "#fdbb84", "#fc8d59", "#ef6548", "#d7301f", "#990000"],
    "blauw": ["#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594"],
    "paars": ["#f2f0f7", "#dadaeb", "#bcbddc", "#9e9ac8", "#807dba", "#6a51a3", "#4a1486"],
    "viridis": ["#fde725", "#8fd744", "#35b779", "#21908d", "#31688e", "#443a83", "#440154"],
}

#: bivariate 3 x 3 palettes; rows from low to high second indicator, columns low to high first
BIVARIATE: Dict[str, List[List[str]]] = {
    "roze-blauw": [["#e8e8e8", "#ace4e4", "#5ac8c8"],
                   ["#dfb0d6", "#a5add3", "#5698b9"],
                   ["#be64ac", "#8c62aa", "#3b4994"]],
    "groen-paars": [["#e8e8e8", "#b5c0da", "#6c83b5"],
                    ["#b8d6be", "#90b2b3", "#567994"],
                    ["#73ae80", "#5a9178", "#2a5a5b"]],
    "blauw-oranje": [["#f3f3f3", "#a6cbe8", "#2e78c2"],
                     ["#f6c384", "#a9a29a", "#355f8c"],
                     ["#e07b00", "#93581f", "#1f2a44"]],
}
COLOUR_BLIND_SAFE = ("blauw-oranje", "viridis")


def sequential(palette: str, n: int) -> List[str]:
    """``n`` colours of a sequential palette, light to dark."""
    cols = SEQUENTIAL[palette]
    if n >= len(cols):
        return cols[:n]
    idx = [round(i * (len(cols) - 1) / max(n - 1, 1)) for i in range(n)]
    return [cols[i] for i in idx]


def bivariate(palette: str, n: int = 3) -> List[List[str]]:
    """The ``n`` x ``n`` grid of a bivariate palette: ``grid[y - 1][x - 1]`` is the colour
    of class x of the first and class y of the second indicator."""
    if not 2 <= n <= 4:
        raise ValueError("a bivariate map has 2, 3 or 4 classes per indicator")
    grid = BIVARIATE[palette]
    if n == 3:
        return [row[:] for row in grid]
    lab = np.array([[_lab(_rgb(c)) for c in row] for row in grid])  # 3 x 3 x 3
    out = []
    for yi in range(n):
        row = []
        for xi in range(n):
            fy, fx = 2 * yi / (n - 1), 2 * xi / (n - 1)
            y0, x0 = min(int(fy), 1), min(int(fx), 1)
            ty, tx = fy - y0, fx - x0
            c = ((1 - ty) * ((1 - tx) * lab[y0, x0] + tx * lab[y0, x0 + 1])
                 + ty * ((1 - tx) * lab[y0 + 1, x0] + tx * lab[y0 + 1, x0 + 1]))
            row.append(_hex(_rgb_from_lab(c)))
        out.append(row)
    return out


# ------------------------------------------------------------------ colour science
#: Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB
CVD = {
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779],
                            [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
_M = np.array([[0.4124564, 0.3575761, 0.1804375],
               [0.2126729, 0.7151522, 0.0721750],
               [0.0193339, 0.1191920, 0.9503041]])
_WHITE = np.array([0.95047, 1.0, 1.08883])


def _rgb(hexcol: str) -> np.ndarray:
    h = hexcol.lstrip("#")
    return np.array([int(h[i:i + 2], 16) for i in (0, 2, 4)], dtype=float) / 255.0


def _hex(rgb: np.ndarray) -> str:
    r, g, b = (int(round(x * 255)) for x in np.clip(rgb, 0, 1))
    return f"#{r:02x}{g:02x}{b:02x}"


def _linear(rgb):
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def _gamma(lin):
    lin = np.clip(lin, 0, 1)
    return np.where(lin <= 0.0031308, lin * 12.92, 1.055 * lin ** (1 / 2.4) - 0.055)


def _lab_from_linear(lin: np.ndarray) -> np.ndarray:
    xyz = (_M @ lin) / _WHITE
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _lab(rgb: np.ndarray) -> np.ndarray:
    return _lab_from_linear(_linear(rgb))


def _rgb_from_lab(lab: np.ndarray) -> np.ndarray:
    fy = (lab[0] + 16) / 116
    f = np.array([fy + lab[1] / 500, fy, fy - lab[2] / 200])
    xyz = np.where(f > 6 / 29, f ** 3, 3 * (6 / 29) ** 2 * (f - 4 / 29)) * _WHITE
    return _gamma(np.linalg.solve(_M, xyz))


def cvd_min_distance(colours: List[str], kind: str = "") -> float:
    """The smallest CIELAB distance (ΔE*ab) between any two of ``colours`` as seen with
    colour-vision deficiency ``kind`` (``""``: normal vision)."""
    labs = []
    for c in colours:
        lin = _linear(_rgb(c))
        if kind:
            lin = np.clip(CVD[kind] @ lin, 0, 1)
        labs.append(_lab_from_linear(lin))
    labs = np.array(labs)
    d = np.sqrt(((labs[:, None, :] - labs[None, :, :]) ** 2).sum(-1))
    d[np.diag_indices(len(colours))] = np.inf
    return float(d.min())
