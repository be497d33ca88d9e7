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
    # normalise each distinct written key once, then hash each distinct normalised key once
    raw_codes, raw = pd.factorize(keys.astype(str), sort=False)
    norm = pd.Series(raw, dtype=object).str.strip()
    digits = norm.str.fullmatch(r"\d{1,9}")
    norm = norm.where(~digits, norm.str.zfill(9))
    codes, uniques = pd.factorize(norm, sort=False)
    keyed = hmac.new(secret, digestmod=hashlib.sha256)  # the keyed state, copied per key

    def digest(u):
        h = keyed.copy()
        h.update(u.encode("utf-8"))
        return h.hexdigest()

    hashed = np.array([digest(u) for u in uniques], dtype=object)
    return pd.Series(hashed[codes][raw_codes] if len(raw) else np.array([], dtype=object),
                     index=keys.index, name=keys.name, dtype=object)


def pseudonym_bits(hashed: pd.Series) -> np.ndarray:
    """(n, 2) uint64: the first 128 bits of each hex pseudonym, a compact form of it."""
    codes, uniques = pd.factorize(hashed, sort=False)
    if not len(uniques):
        return np.zeros((len(hashed), 2), dtype=np.uint64)
    raw = bytes.fromhex("".join(u[:32] for u in uniques))
    bits = np.frombuffer(raw, dtype=">u8").reshape(-1, 2).astype(np.uint64)
    return bits[codes]


def pseudonym_codes(hi: np.ndarray, lo: np.ndarray) -> np.ndarray:
    """An integer code per distinct (hi, lo) pseudonym (0..k-1).

    The first 64 bits decide (a hash table on integers); only if two pseudonyms share
    them (chance about 1e-7 for a million persons) are all 128 bits sorted."""
    codes, uniques = pd.factorize(np.asarray(hi, dtype=np.uint64), sort=False)
    seen = np.zeros(len(uniques), dtype=np.uint64)
    seen[codes] = lo
    if (seen[codes] == lo).all():
        return codes.astype(np.int64)
    pairs = np.empty(len(hi), dtype=[("hi", np.uint64), ("lo", np.uint64)])
    pairs["hi"], pairs["lo"] = hi, lo
    return np.unique(pairs, return_inverse=True)[1].astype(np.int64)
