"""Keyed pseudonymisation of person and household keys (HMAC-SHA-256).

The secret is kept in the user's QGIS settings (``steunstructuur/pseudonym_secret``),
never in a project, configuration or output.  Raw keys are replaced as soon as a
source is read; only the hash (and, in memory, an integer code per hash) is kept.
"""

import hashlib
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


def _distinct_keys(keys: pd.Series):
    """Codes into the distinct normalised keys, and those keys.

    Keys are normalised (surrounding blanks removed; a BSN written as ``123456782.0`` or
    grouped as ``123 456 782``, ``1234-56-782`` or ``123.456.782`` becomes its digits;
    leading zeros of all-digit keys kept as written but 8-digit BSNs padded to 9) so that
    the same person written two ways hashes the same.  Each distinct written key is normalised once."""
    raw_codes, raw = pd.factorize(keys.astype(str), sort=False)
    norm = pd.Series(raw, dtype=object).str.strip()
    # a number a spreadsheet wrote as 123456782.0, or grouped as 123 456 782 / 1234-56-782 /
    # 123.456.782: the digits, when they are as many as a BSN's (8 or 9)
    norm = norm.str.replace(r"^(\d+)[.,]0+$", r"\1", regex=True)
    grouped = norm.str.fullmatch(r"\d{1,4}([ .\-]\d{1,4})+")
    if grouped.any():
        bare = norm[grouped].str.replace(r"[ .\-]", "", regex=True)
        norm.loc[bare.index[bare.str.len().between(8, 9)]] = bare[bare.str.len().between(8, 9)]
    digits = norm.str.fullmatch(r"\d{1,9}")
    norm = norm.where(~digits, norm.str.zfill(9))
    codes, uniques = pd.factorize(norm, sort=False)
    return (codes[raw_codes] if len(raw) else np.zeros(0, dtype=np.int64)), uniques


def _keyed(secret: bytes):
    """The inner and outer keyed SHA-256 states of HMAC (RFC 2104), to be copied per key.
    HMAC-SHA-256(K, m) = SHA-256((K' xor opad) || SHA-256((K' xor ipad) || m)), K' the key
    (hashed first when longer than a block) padded with zeros to the 64-byte block.
    Copying these two states is HMAC without the ``hmac`` module's Python wrapper around
    every call: half the time for a million keys, the same digests (tested against
    ``hmac.new``)."""
    block = hashlib.sha256().block_size
    key = hashlib.sha256(secret).digest() if len(secret) > block else secret
    key = key.ljust(block, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in key))
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in key))
    return inner.copy, outer.copy


def _digests(uniques, secret: bytes, hexadecimal: bool) -> list:
    """HMAC-SHA-256(secret, key) of each key, as bytes or as hex text."""
    inner, outer = _keyed(secret)
    out = []
    for u in uniques:
        h = inner()
        h.update(u.encode("utf-8"))
        o = outer()
        o.update(h.digest())
        out.append(o.hexdigest() if hexadecimal else o.digest())
    return out


def pseudonymise(keys: pd.Series, secret: bytes) -> pd.Series:
    """Replace every key by HMAC-SHA-256(secret, normalised key), hex encoded.
    Each distinct key is hashed once."""
    codes, uniques = _distinct_keys(keys)
    hashed = np.array(_digests(uniques, secret, True), dtype=object)
    return pd.Series(hashed[codes] if len(uniques) else np.array([], dtype=object),
                     index=keys.index, name=keys.name, dtype=object)


def pseudonymise_bits(keys: pd.Series, secret: bytes) -> np.ndarray:
    """(n, 2) uint64: the first 128 bits of each key's pseudonym, straight from the HMAC
    bytes; the first 32 hex digits of ``pseudonymise(keys, secret)`` as numbers."""
    codes, uniques = _distinct_keys(keys)
    if not len(uniques):
        return np.zeros((len(keys), 2), dtype=np.uint64)
    raw = b"".join(d[:16] for d in _digests(uniques, secret, False))
    return np.frombuffer(raw, dtype=">u8").reshape(-1, 2).astype(np.uint64)[codes]


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


def pseudonym_bits(hex_pseudonyms) -> tuple:
    """The first 128 bits of hex pseudonyms (as :func:`..read.pseudonymise.pseudonymise`
    writes them) as two uint64 arrays, the form the chunked reader keeps."""
    values = pd.Series(hex_pseudonyms, dtype=object).astype(str)
    hi = np.array([int(h[:16], 16) for h in values], dtype=np.uint64)
    lo = np.array([int(h[16:32], 16) for h in values], dtype=np.uint64)
    return hi, lo
