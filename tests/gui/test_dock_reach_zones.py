"""Several reach types in the dock (#20): a run through the dock with wijkteams and
huisartsen publishes the joint parts of their distances (``zone_<ring>_<ring>``), and the
indicator list says in a tooltip what each holds."""

from docks import dock_ready_to_run, wait_until

from steunstructuur_plugin.core.config import AnalysisConfig


def test_the_dock_tells_what_each_joint_part_of_two_types_holds(qgis_iface, qgis_new_project, demo_input, tmp_path):
    csv_path, cfg_path = demo_input
    vz = tmp_path / "vz.csv"
    # a wijkteam in a huisarts practice in Losser-kern, and a huisarts in Overdinkel
    vz.write_text("soort;x;y\nwijkteam;263500;480300\nhuisarts;263500;480300\nhuisarts;267800;477600\n",
                  encoding="utf-8")
    data = AnalysisConfig.load(str(cfg_path)).to_dict()
    data["source"] = {**data["source"], "location": "xy"}
    data["provisions"] = {"sources": [{"path": str(vz), "type": "soort", "location": "xy", "x": "x", "y": "y"}],
                          "reach": {"indicators": ["armoede"], "types": ["wijkteam", "huisarts"],
                                    "distances": [500, 1000]}}
    two_types = tmp_path / "twee_typen.json"
    AnalysisConfig.from_dict(data).save(str(two_types))
    dock = dock_ready_to_run(qgis_iface, csv_path, two_types, tmp_path / "uit.gpkg", "CBS buurten Losser")
    try:
        dock.start_run()
        wait_until(lambda: dock.task is None, 90)
        items = {dock.indicator_list.item(i).data(0x0100): dock.indicator_list.item(i)
                 for i in range(dock.indicator_list.count())}
        zones = sorted(n for n in items if n and n.startswith("zone_"))
        assert zones == [f"zone_{a}_{b}" for a in range(3) for b in range(3)]
        # the item's whole text (a narrow dock cuts it off), then what the zone means
        assert items["zone_0_2"].toolTip() == items["zone_0_2"].text() + \
            "\neveryone counted within 500 m of a wijkteam and farther than 1000 m from every huisarts"
        assert items["zone_1_0"].toolTip() == items["zone_1_0"].text() + \
            "\neveryone counted 500 to 1000 m from the nearest wijkteam and within 500 m of a huisarts"
        assert items["armoede"].toolTip() == items["armoede"].text()
    finally:
        dock.cleanup()
