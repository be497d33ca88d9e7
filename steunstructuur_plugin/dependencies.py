"""Check at load time that the QGIS Python environment has what the plugin needs."""

import importlib

#: module -> what to install (Debian/Ubuntu package; OSGeo4W shell on Windows)
REQUIRED = {
    "numpy": "python3-numpy (Windows: included with QGIS)",
    "pandas": "python3-pandas (Windows: OSGeo4W package python3-pandas)",
    "shapely": "python3-shapely (Windows: OSGeo4W package python3-shapely)",
    "pyproj": "python3-pyproj (Windows: OSGeo4W package python3-pyproj)",
    "scipy": "python3-scipy (Windows: OSGeo4W package python3-scipy)",
}


def missing_modules():
    """[(module, install hint)] for every required module that does not import."""
    out = []
    for module, hint in REQUIRED.items():
        try:
            importlib.import_module(module)
        except ImportError:
            out.append((module, hint))
    return out
