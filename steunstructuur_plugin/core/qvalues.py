"""Attribute values as PyQGIS returns them."""


def is_null(value) -> bool:
    """True for None and for QGIS 3.22's NULL (a null QVariant)."""
    return value is None or (hasattr(value, "isNull") and value.isNull())
