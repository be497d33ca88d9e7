"""Keyed pseudonymisation of person and household keys (HMAC-SHA-256).

The secret is kept in the user's QGIS settings (``steunstructuur/pseudonym_secret``),
never in a project, configuration or output.  Raw keys are replaced as soon as a
source is read; only the hash (and, in memory, an integer code per hash) is kept.
"""

import hashlib
import hmac
import secrets

import numpy as np
import pandas as pd

SETTINGS_KEY = "steunstructuur/pseudonym_secret"


def settings_secret() -> bytes:
    """The user's secret from QgsSettings, created on first use."""
    from qgis.core import QgsSettings

    settings = QgsSettings()
    value = settings.value(SETTINGS_KEY, "", type=str)
    if not value:
        value = secrets.token_hex(32)
        settings.setValue(SETTINGS_KEY, value)
    return bytes.fromhex(value)


def pseudonymise(keys: pd.Series, secret: bytes) -> pd.Series:
    """Replace every key by HMAC-SHA-256(secret, normalised key), hex encoded.

    Keys are normalised (surrounding blanks removed, leading zeros of all-digit keys
    such as a BSN kept as written but 8-digit BSNs padded to 9) so that the same person
    written two ways hashes the same.  Each distinct key is hashed once.
    """
    norm = keys.astype(str).str.strip()
    digits = norm.str.fullmatch(r"\d{1,9}")
    norm = norm.where(~digits, norm.str.zfill(9))
    codes, uniques = pd.factorize(norm, sort=False)
    hashed = np.array(
        [hmac.new(secret, u.encode("utf-8"), hashlib.sha256).hexdigest() for u in uniques],
        dtype=object,
    )
    return pd.Series(hashed[codes], index=keys.index, name=keys.name)
