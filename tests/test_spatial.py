"""Spatial join: governorate (and district) of points, with a tolerance for Natural Earth's coarse border."""

from __future__ import annotations

import math
import os
import subprocess
import sys

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from geodata.settings import PROJECT_ROOT
from geodata.spatial import RESULT_COLUMNS, admin_at, assign_admin

NAN = float("nan")

# name, lat, lon, expected admin1 (None: outside Syria), expected outside_km (None: not checked beyond 0 / > 0)
POINTS = [
    ("Deir ez-Zor city", 35.33, 40.14, "SY-DY", 0.0),
    ("Kobani, ~0.5 km into Turkey on Natural Earth's line", 36.8908, 38.3553, "SY-HL", 0.5),
    ("Tall Abyad, ~0.5 km into Turkey", 36.6975, 38.9567, "SY-RA", 0.5),
    ("Arwad island, ~3 km out to sea", 34.8561, 35.8586, "SY-TA", 3.3),
    ("Aleppo citadel", 36.1994, 37.1627, "SY-HL", 0.0),
    ("Damascus, Umayyad mosque", 33.5116, 36.3066, "SY-DI", 0.0),
    ("Beirut", 33.8938, 35.5018, None, None),
    ("Baghdad", 33.3152, 44.3661, None, None),
    ("Gaziantep, Turkey", 37.0662, 37.3833, None, None),
]


@pytest.mark.parametrize(("name", "lat", "lon", "admin1", "outside_km"), POINTS, ids=[p[0] for p in POINTS])
def test_assign_admin(name, lat, lon, admin1, outside_km):
    row = assign_admin([lon], [lat]).iloc[0]
    if admin1 is None:
        assert pd.isna(row["admin1"]) and pd.isna(row["admin1_name"])
        assert row["outside_km"] > 5.0
    else:
        assert row["admin1"] == admin1
        assert isinstance(row["admin1_name"], str) and row["admin1_name"]
        assert row["outside_km"] == pytest.approx(outside_km, abs=0.4)


def test_missing_coordinates_get_nothing():
    result = assign_admin([NAN, 40.14, 40.14], [35.33, NAN, 35.33])
    assert list(result.columns) == RESULT_COLUMNS
    assert result["admin1"].isna().tolist() == [True, True, False]
    assert math.isnan(result["outside_km"][0]) and math.isnan(result["outside_km"][1])
    assert admin_at(NAN, NAN) is None


def test_input_order_is_kept_for_a_shuffled_batch():
    rng = np.random.default_rng(7)
    order = rng.permutation(len(POINTS) * 3) % len(POINTS)
    lats = [POINTS[i][1] for i in order]
    lons = [POINTS[i][2] for i in order]
    batch = assign_admin(lons, lats)
    assert list(batch.index) == list(range(len(order)))
    single = [assign_admin([POINTS[i][2]], [POINTS[i][1]]).iloc[0]["admin1"] for i in order]
    assert [a if isinstance(a, str) else None for a in batch["admin1"]] == [
        a if isinstance(a, str) else None for a in single
    ]
    assert [a if isinstance(a, str) else None for a in batch["admin1"]] == [POINTS[i][3] for i in order]


def test_tolerance_decides_how_far_out_is_still_syria():
    arwad = ([35.8586], [34.8561])
    assert assign_admin(*arwad, tolerance_km=5.0)["admin1"][0] == "SY-TA"
    assert pd.isna(assign_admin(*arwad, tolerance_km=1.0)["admin1"][0])


def test_districts_are_assigned_when_given():
    districts = gpd.GeoDataFrame(
        {"pcode": ["SY0900", "LB-TEST"], "name_en": ["Deir-ez-Zor", "Beirut box"]},
        geometry=[box(40.05, 35.25, 40.25, 35.42), box(35.45, 33.85, 35.55, 33.95)],
        crs="EPSG:4326",
    )
    result = assign_admin([40.14, 38.99, 35.5018], [35.33, 35.95, 33.8938], districts=districts)
    assert result["admin2"][0] == "SY0900" and result["admin2_name"][0] == "Deir-ez-Zor"
    assert result["admin1"][1] == "SY-RA" and pd.isna(result["admin2"][1])  # Raqqa: in no district given
    assert pd.isna(result["admin1"][2]) and pd.isna(result["admin2"][2])  # Beirut: outside Syria, no district


def test_lengths_must_match():
    with pytest.raises(ValueError, match="differ in length"):
        assign_admin([40.0, 41.0], [35.0])


def test_admin_at():
    assert admin_at(35.33, 40.14) == ("SY-DY", "Deir ez-Zor")
    assert admin_at(33.8938, 35.5018) is None


def _cli(*args: str, env: dict | None = None) -> str:
    return subprocess.run(
        [sys.executable, "-m", "geodata", *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout


def test_cli_admin(tmp_path):
    env = {**os.environ, "SYRIAMAP_DATA_DIR": str(tmp_path)}  # no districts fetched there
    assert _cli("admin", "35.33", "40.14", env=env).strip() == "Deir ez-Zor (SY-DY)"
    assert _cli("admin", "33.89", "35.50", env=env).startswith("outside Syria")


@pytest.mark.parametrize("args", [["95", "40"], ["35", "200"], ["nan", "40"], ["35", "inf"]])
def test_admin_refuses_impossible_coordinates(args):
    from click.testing import CliRunner

    from geodata.__main__ import main

    result = CliRunner().invoke(main, ["admin", *args])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_admin_json_is_valid_json_outside_syria():
    import json

    from click.testing import CliRunner

    from geodata.__main__ import main

    result = CliRunner().invoke(main, ["admin", "33.89", "35.50", "--json"])
    record = json.loads(result.output)
    assert record["in_syria"] is False and record["outside_km"] > 40
