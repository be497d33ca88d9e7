"""The area table (#17 item 9): denominators and the CBS hierarchy of the buurt layer."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from steunstructuur_plugin.core.count.aggregate import aggregate
from steunstructuur_plugin.core.place.areas import AreaError, _finish


def test_a_wijk_with_a_buurt_without_inhabitants_has_no_denominator(uden_areas, demo_cfg):
    """The real Uden buurt BU08560298 has NULL inhabitants: it was left out of its wijk's
    denominator while its persons stayed in the counts (a rate of 75.0 instead of 59.9)."""
    af = uden_areas.frame
    assert af.loc[af["code"] == "BU08560298", "denominator"].isna().all()
    wijk_of_null = af.loc[af["code"] == "BU08560298", "wijkcode"].iloc[0]
    records = pd.DataFrame({"person": np.arange(len(af)), "category": "bijstand", "buurtcode": af["code"]})
    tables = aggregate(records, demo_cfg, uden_areas)
    wijk = tables["wijk"].set_index("code")
    assert np.isnan(wijk.loc[wijk_of_null, "denominator"])
    for code, row in wijk.drop(index=wijk_of_null).iterrows():
        assert row["denominator"] == af.loc[af["wijkcode"] == code, "denominator"].sum()
    assert np.isnan(tables["gemeente"]["denominator"].iloc[0])  # the gemeente lacks it too
    assert tables["buurt"]["armoede_n"].sum() == len(af)  # every person still counted


def _raw(**change):
    raw = pd.DataFrame({"buurtcode": ["BU08560101", "BU08560102", "BU08560201"],
                        "buurtnaam": ["a", "b", "c"], "wijkcode": ["WK085601", "WK085601", "WK085602"],
                        "wijknaam": ["w1", "w1", "w2"], "gemeentecode": ["GM0856"] * 3,
                        "gemeentenaam": ["Uden"] * 3, "aantal_inwoners_kwb2024": [100, 200, 300]})
    for k, v in change.items():
        raw[k] = v
    return raw


def test_negative_inhabitants_are_no_denominator(demo_cfg):
    """CBS writes a secret number as a negative one (-99997)."""
    areas = _finish(_raw(aantal_inwoners_kwb2024=[100, -99997, 300]), [None] * 3, demo_cfg.areas, "EPSG:28992", "t")
    assert list(areas.frame["denominator"].fillna(-1)) == [100, -1, 300]


@pytest.mark.parametrize("change,message", [
    (dict(gemeentecode=["GM0856", "GM0168", "GM0856"]),
     "buurt BU08560102 has another gemeentecode than the other buurten of wijk WK085601"),
    (dict(gemeentecode=["GM0168"] * 3), "buurt BU08560101 lies in wijk WK085601 and gemeente GM0168"),
    (dict(wijkcode=["WK085601", "WK085601", "WK085601"], wijknaam=["w1"] * 3),
     "buurt BU08560201 lies in wijk WK085601"),
])
def test_a_buurt_in_the_wrong_gemeente_is_refused(demo_cfg, change, message):
    """A buurt whose gemeentecode differed from its wijk's was accepted: GM0856 armoede
    2,338 while its wijken summed to 313."""
    cfg = dataclasses.replace(demo_cfg.areas)
    with pytest.raises(AreaError, match=f"t: {message}"):
        _finish(_raw(**change), [None] * 3, cfg, "EPSG:28992", "t")


@pytest.mark.parametrize("change", [{"denominator": "aantal_inwoners_kwb2042"},
                                    {"denominators": {"armoede": "aantal_huishoudens"}}])
def test_a_denominator_field_the_layer_lacks_is_a_configuration_error(losser_areas, demo_cfg, change):
    """#18 item 2: a misspelled denominator field was accepted; every rate became
    no_denominator and the whole map was hatched while the list said most were published."""
    import os

    from steunstructuur_plugin.core.place.areas import area_table_from_layer, load_area_layer

    layer = load_area_layer(os.path.join(os.path.dirname(losser_areas.source.split("|")[0]), "buurten_losser.gpkg"),
                            "buurten")
    areas = dataclasses.replace(demo_cfg.areas, **change)
    wrong = next(iter(change.get("denominators", {}).values()), change.get("denominator"))
    with pytest.raises(AreaError, match=rf"denominator field '{wrong}' not found; fields: fid, buurtcode, buurtnaam, "
                                        r".*aantal_inwoners_kwb2024.*; choose one of them as 'areas.denominator'"):
        area_table_from_layer(layer, areas)
