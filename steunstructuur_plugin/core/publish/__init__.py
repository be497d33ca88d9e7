"""Publishing the safe tables.

In: the safe tables (:mod:`..protect`), the area geometries and the run's metadata.
Out: the output GeoPackage (layers ``buurt``, ``wijk``, ``gemeente`` and the ``metadata``
table: :mod:`.geopackage`), sealed with the user's key (:mod:`.seal`) so that the export
gate can tell a file the plugin wrote from one edited afterwards.
"""
