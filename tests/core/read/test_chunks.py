"""Large CSVs are read, validated and located in chunks: the same result as in one piece,
progress per chunk, cancel between chunks, and the whole-file path for malformed rows."""

import pandas as pd
import pytest
from conftest import SECRET


def _run(path, areas, cfg, chunk_rows, monkeypatch, progress=None):
    from steunstructuur_plugin.core import pipeline

    monkeypatch.setattr(pipeline, "CHUNK_ROWS", chunk_rows)
    kw = {"progress": progress} if progress else {}
    return pipeline.run(path, areas, cfg, None, secret=SECRET, **kw)


def test_chunks_give_the_result_of_one_piece(demo_input, losser_areas, demo_cfg, monkeypatch):
    one = _run(demo_input[0], losser_areas, demo_cfg, 10 ** 9, monkeypatch)
    seen = []
    many = _run(demo_input[0], losser_areas, demo_cfg, 97, monkeypatch,
                progress=lambda pct, msg: seen.append((pct, msg)) or True)
    assert one.report.to_dict() == many.report.to_dict()
    assert one.report.rows_read == 3494 and one.report.rows_counted == 3484 and one.report.reconciles()
    for level in one.safe:
        pd.testing.assert_frame_equal(one.safe[level], many.safe[level])
    # one progress message per chunk of 97 rows, rising
    reads = [pct for pct, msg in seen if msg.startswith("read, validated and located")]
    assert len(reads) == -(-3494 // 97) and reads == sorted(reads) and reads[-1] == pytest.approx(55.0)
    assert [msg for _p, msg in seen if msg.startswith("read, ")][-1] == "read, validated and located 3,494 rows"


def test_chunked_equals_the_whole_file_route(demo_input, losser_areas, demo_cfg, monkeypatch):
    """The non-chunked route (Excel, GeoPackage tables) counts the same persons."""
    from steunstructuur_plugin.core import pipeline

    chunked = _run(demo_input[0], losser_areas, demo_cfg, 500, monkeypatch)
    monkeypatch.setattr(pipeline, "is_plain_csv", lambda path: False)
    whole = pipeline.run(demo_input[0], losser_areas, demo_cfg, None, secret=SECRET)
    assert chunked.report.to_dict() == whole.report.to_dict()
    for level in whole.safe:
        pd.testing.assert_frame_equal(chunked.safe[level], whole.safe[level])


def test_cancel_between_chunks(demo_input, losser_areas, demo_cfg, monkeypatch):
    from steunstructuur_plugin.core.pipeline import Cancelled

    calls = []

    def progress(pct, msg):
        calls.append(msg)
        return len(calls) < 4  # cancel at the third chunk

    with pytest.raises(Cancelled):
        _run(demo_input[0], losser_areas, demo_cfg, 200, monkeypatch, progress=progress)
    assert len(calls) == 4


def test_malformed_rows_fall_back_to_the_whole_file(tmp_path, losser_areas, demo_cfg, monkeypatch):
    code = losser_areas.codes[0]
    rows = ["bsn;voorziening;buurtcode"] + [f"{100000000 + i};bijstand;{code}" for i in range(30)]
    rows[25] += ";extra;veld"  # line 26 has too many fields
    path = tmp_path / "m.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    from dataclasses import replace

    cfg = replace(demo_cfg, source=replace(demo_cfg.source, location="buurtcode", buurtcode="buurtcode",
                                           x=None, y=None, start_date=None, end_date=None, reference_date=None,
                                           person_key="bsn", category="voorziening"))
    result = _run(str(path), losser_areas, cfg, 10, monkeypatch)
    r = result.report
    assert r.rejected["malformed_row"] == 1 and r.examples[0].row == 26
    assert r.rows_read == 30 and r.rows_counted == 29 and r.reconciles()


def test_pseudonym_bits_and_codes():
    from steunstructuur_plugin.core.read.pseudonymise import pseudonym_codes, pseudonymise, pseudonymise_bits

    keys = pd.Series(["123456782", "123456782 ", " 123456782", "999999990", "C1", "C1"])
    hashed = pseudonymise(keys, SECRET)
    bits = pseudonymise_bits(keys, SECRET)
    assert bits.shape == (6, 2)
    # the first 128 bits of the hex pseudonym, for every key
    for i in range(6):
        assert int(bits[i, 0]) == int(hashed[i][:16], 16) and int(bits[i, 1]) == int(hashed[i][16:32], 16)
    codes = pseudonym_codes(bits[:, 0], bits[:, 1])
    # the BSN written three ways is one person; C1 twice is one person
    assert codes[0] == codes[1] == codes[2] and codes[4] == codes[5] and len(set(codes)) == 3
    assert pseudonymise_bits(pd.Series([], dtype=object), SECRET).shape == (0, 2)


def test_pseudonym_codes_when_the_first_64_bits_collide():
    import numpy as np

    from steunstructuur_plugin.core.read.pseudonymise import pseudonym_codes

    hi = np.array([7, 7, 9, 7, 9], dtype=np.uint64)
    lo = np.array([1, 2, 3, 1, 3], dtype=np.uint64)
    codes = pseudonym_codes(hi, lo)
    assert codes[0] == codes[3] and codes[2] == codes[4] and len({codes[0], codes[1], codes[2]}) == 3


def test_a_cp1252_byte_after_the_first_megabyte_reads_the_file_whole(tmp_path, losser_areas, demo_cfg, monkeypatch):
    """The encoding is detected on the first megabyte; a later cp1252 byte (é) is not
    an error: the file is read whole and detected as cp1252, as before chunks existed."""
    from dataclasses import replace

    code = losser_areas.codes[0]
    rows = ["bsn;voorziening;buurtcode;naam"] + [f"{100000000 + i};bijstand;{code};Jansen" for i in range(40000)]
    rows.append(f"200000000;bijstand;{code};Andr\xe9")
    path = tmp_path / "latin.csv"
    path.write_bytes(("\n".join(rows) + "\n").encode("cp1252"))
    assert path.stat().st_size > 1 << 20
    cfg = replace(demo_cfg, source=replace(demo_cfg.source, location="buurtcode", buurtcode="buurtcode",
                                           x=None, y=None, start_date=None, end_date=None, reference_date=None,
                                           person_key="bsn", category="voorziening"))
    result = _run(str(path), losser_areas, cfg, 5000, monkeypatch)
    assert result.report.encoding == "cp1252" and result.report.rows_read == 40001
    assert result.report.rows_counted == 40001


def test_households_in_chunks_equal_the_whole_file_route(demo_input, losser_areas, demo_cfg, monkeypatch, tmp_path):
    """Household keys are pseudonymised to 128 bits per chunk like person keys: the same
    households and the same tables as the whole-file route."""
    from dataclasses import replace

    from steunstructuur_plugin.core import pipeline

    frame = pd.read_csv(demo_input[0], sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame["huishouden"] = frame["postcode"] + "-" + frame["huisnummer"]
    path = str(tmp_path / "hh.csv")
    frame.to_csv(path, sep=";", index=False)
    cfg = replace(demo_cfg, unit="households", source=replace(demo_cfg.source, household_key="huishouden"))
    chunked = _run(path, losser_areas, cfg, 300, monkeypatch)
    monkeypatch.setattr(pipeline, "is_plain_csv", lambda p: False)
    whole = pipeline.run(path, losser_areas, cfg, None, secret=SECRET)
    assert chunked.report.to_dict() == whole.report.to_dict()
    for level in whole.safe:
        pd.testing.assert_frame_equal(chunked.safe[level], whole.safe[level])
    # fewer households than persons in armoede (members of one household count once)
    persons = _run(demo_input[0], losser_areas, demo_cfg, 300, monkeypatch)
    assert whole.safe["gemeente"]["armoede_n"].iloc[0] < persons.safe["gemeente"]["armoede_n"].iloc[0]


def test_pseudonyms_are_hmac_sha256_of_the_normalised_key():
    """The pseudonym is HMAC-SHA-256 as the standard library computes it, for secrets
    shorter than, as long as and longer than the 64-byte block."""
    import hashlib
    import hmac

    from steunstructuur_plugin.core.read.pseudonymise import pseudonymise, pseudonymise_bits

    keys = pd.Series(["123456782", " 12345678 ", "C-0042", "Ærø 7", "", "999999990"])
    normalised = ["123456782", "012345678", "C-0042", "Ærø 7", "", "999999990"]
    for secret in (b"", b"k", bytes(range(32)), bytes(64), bytes(range(65)), b"x" * 200):
        expected = [hmac.new(secret, k.encode("utf-8"), hashlib.sha256).hexdigest() for k in normalised]
        assert pseudonymise(keys, secret).tolist() == expected
        bits = pseudonymise_bits(keys, secret)
        assert [f"{int(a):016x}{int(b):016x}" for a, b in bits] == [e[:32] for e in expected]
