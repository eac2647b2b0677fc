"""Control zones from hand-made claims with known answers, and the zones' traces and panel for the dashboard."""

from __future__ import annotations

import json
from datetime import date, timedelta

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal
from pyproj import Geod
from shapely.geometry import box, mapping

from dashboard.zones import (
    MAX_OPACITY,
    MIN_OPACITY,
    zone_from_customdata,
    zone_opacity,
    zone_panel,
    zone_traces,
)
from events.factions import FACTION_COLOURS, FACTIONS
from events.zones import (
    ZONE_COLUMNS,
    claims_for_place,
    fill_points,
    to_feature_collection,
    zone_rules,
    zones_at,
)
from geodata.boundaries import load_outline

GEOD = Geod(ellps="WGS84")
WHEN = date(2016, 6, 1)
# A 2 x 2 degree "country" (densified so that its edges follow the parallels and meridians).
BOX = shapely.segmentize(box(37.0, 34.0, 39.0, 36.0), 0.01)
OUTLINE = gpd.GeoDataFrame({"name_en": ["Boxland"]}, geometry=[BOX], crs="EPSG:4326")
BOX_KM2 = abs(GEOD.geometry_area_perimeter(BOX)[0]) / 1e6
WEST, EAST = box(37.0, 34.0, 38.0, 36.0), box(38.0, 34.0, 39.0, 36.0)


def claim(
    cid: int, faction: str, observed: date | str, lat: float = 35.0, lon: float = 37.5, **extra
) -> dict:
    return {
        "claim_id": cid,
        "faction": faction,
        "observed": observed,
        "latitude": lat,
        "longitude": lon,
        **extra,
    }


def frame(*claims: dict) -> pd.DataFrame:
    columns = ["claim_id", "faction", "observed", "latitude", "longitude", "polygon", "valid_from", "valid_to",
               "place_id", "place_name", "quote", "confidence", "report_title", "report_url"]  # fmt: skip
    out = pd.DataFrame(list(claims), columns=columns)
    for column in ("observed", "valid_from", "valid_to"):
        out[column] = pd.to_datetime(out[column])
    out["polygon"] = out["polygon"].astype(object).where(out["polygon"].notna(), None)
    out["confidence"] = out["confidence"].fillna(1.0)
    return out


def zones(*claims: dict, when: date = WHEN, **options) -> gpd.GeoDataFrame:
    return zones_at(frame(*claims), when, outline=OUTLINE, **options)


def km2(geometry) -> float:
    return abs(GEOD.geometry_area_perimeter(geometry)[0]) / 1e6


def owner(result: gpd.GeoDataFrame, lon: float, lat: float) -> str | None:
    hit = result[result.geometry.contains(shapely.Point(lon, lat))]
    return hit["faction"].iloc[0] if len(hit) else None


def test_one_faction_owns_everything():
    result = zones(
        claim(1, "Syrian Arab Army", "2016-05-01", 34.5, 37.5),
        claim(2, "Government of Syria", "2016-04-01", 35.5, 38.5),
        claim(3, "regime forces", "2016-05-20", 35.0, 38.0),
    )
    assert list(result.columns) == ZONE_COLUMNS and result.crs == "EPSG:4326"
    [row] = result.to_dict("records")
    assert row["faction"] == "Government of Syria" and row["claims"] == 3 and row["claim_ids"] == [1, 2, 3]
    assert (row["oldest_claim"], row["newest_claim"]) == (date(2016, 4, 1), date(2016, 5, 20))
    assert row["freshness"] == 1.0
    assert row["area_km2"] == pytest.approx(BOX_KM2, rel=2e-3)  # an equal-area figure, not square degrees
    assert km2(row["geometry"].symmetric_difference(BOX)) < 1.0


@pytest.mark.parametrize(
    ("a", "b"),
    [((37.5, 35.0), (38.5, 35.0)), ((37.4, 34.5), (38.7, 35.6)), ((38.0, 34.3), (38.2, 35.9))],
)
def test_two_factions_split_along_the_perpendicular_bisector(a, b):
    result = zones(claim(1, "ISIS", "2016-05-01", a[1], a[0]), claim(2, "YPG", "2016-05-01", b[1], b[0]))
    assert sorted(result["faction"]) == ["Islamic State", "SDF"]
    ours = result.set_index("faction").geometry
    assert ours["Islamic State"].contains(shapely.Point(a)) and ours["SDF"].contains(shapely.Point(b))
    border = ours["Islamic State"].boundary.intersection(ours["SDF"].boundary)
    points = shapely.get_coordinates(shapely.segmentize(border, 0.02))
    assert len(points) >= 5
    for lon, lat in points:  # every point of the border is as far from one claim as from the other
        to_a = GEOD.inv(lon, lat, *a)[2]
        to_b = GEOD.inv(lon, lat, *b)[2]
        assert abs(to_a - to_b) < 50, (lon, lat, to_a, to_b)
    assert result["area_km2"].sum() == pytest.approx(BOX_KM2, rel=2e-3)


def test_the_perpendicular_bisector_of_two_points_on_a_parallel_is_the_middle_meridian():
    result = zones(claim(1, "ISIS", "2016-05-01", 35.0, 37.5), claim(2, "YPG", "2016-05-01", 35.0, 38.5))
    assert owner(result, 37.98, 34.1) == owner(result, 37.98, 35.9) == "Islamic State"
    assert owner(result, 38.02, 34.1) == owner(result, 38.02, 35.9) == "SDF"
    by = result.set_index("faction")["area_km2"]
    assert by["Islamic State"] == pytest.approx(km2(WEST), rel=2e-3)
    assert by["SDF"] == pytest.approx(km2(EAST), rel=2e-3)


def test_a_newer_claim_overrides_an_older_one():
    palmyra = (claim(1, "Islamic State", "2015-05-21"), claim(2, "Syrian Arab Army", "2016-03-27"))
    now = zones(*palmyra)
    assert now["faction"].tolist() == ["Government of Syria"] and now["claim_ids"].tolist() == [[2]]
    before = zones(*palmyra, when=date(2016, 3, 1))
    assert before["faction"].tolist() == ["Islamic State"] and before["claim_ids"].tolist() == [[1]]
    assert zones(*palmyra, when=date(2015, 5, 20)).empty  # nothing was claimed yet


@pytest.mark.parametrize(
    ("age_days", "freshness"),
    [(0, 1.0), (180, 1.0), (181, 1.0), (320, 0.75), (455, 0.5), (600, 0.25), (729, 0.25), (730, None),
     (2000, None)],
)  # fmt: skip
def test_claims_weaken_with_age_and_then_expire(age_days, freshness):
    result = zones(claim(1, "SDF", WHEN - timedelta(days=age_days)))
    if freshness is None:
        assert result.empty
    else:
        assert result["freshness"].tolist() == [freshness]


def test_an_expired_claim_disappears_and_its_ground_goes_to_its_neighbour():
    result = zones(
        claim(1, "Islamic State", "2013-06-01", 35.0, 38.5),  # three years old at WHEN
        claim(2, "Opposition/FSA", "2016-05-01", 35.0, 37.5),
    )
    assert result["faction"].tolist() == ["Opposition/FSA"] and result["claim_ids"].tolist() == [[2]]
    assert result["area_km2"].iloc[0] == pytest.approx(BOX_KM2, rel=2e-3)
    assert (
        len(zones(claim(1, "Islamic State", "2013-06-01"), expire_days=2000)) == 1
    )  # a setting, not a constant


@pytest.mark.parametrize(
    ("first", "second", "when", "faction", "ids"),
    [
        ("2016-04-01", "2016-04-21", WHEN, "Contested", [1, 2]),  # 20 days apart, the newer one fresh
        ("2016-04-01", "2016-05-01", WHEN, "Contested", [1, 2]),  # exactly 30 days
        ("2016-03-01", "2016-05-01", WHEN, "SDF", [2]),  # 61 days apart: the newer one decides
        (
            "2015-06-01",
            "2015-06-21",
            WHEN,
            "SDF",
            [2],
        ),  # disagreement, but the newer claim is no longer fresh
    ],
)
def test_recent_disagreement_makes_a_place_contested(first, second, when, faction, ids):
    result = zones(claim(1, "Islamic State", first), claim(2, "YPG", second), when=when)
    assert result["faction"].tolist() == [faction] and result["claim_ids"].tolist() == [ids]


def test_contested_is_decided_per_place():
    result = zones(
        claim(1, "Islamic State", "2016-05-01", 35.0, 37.5),
        claim(2, "Government of Syria", "2016-05-10", 35.0, 37.5),
        claim(3, "SDF", "2016-05-01", 35.0, 38.5),
    )
    assert result["faction"].tolist() == ["SDF", "Contested"]  # in the order of FACTIONS
    assert owner(result, 37.5, 35.0) == "Contested" and owner(result, 38.5, 35.0) == "SDF"
    assert result.set_index("faction").loc["Contested", "claim_ids"] == [1, 2]


def test_a_polygon_claim_takes_precedence_over_points():
    east = mapping(box(38.0, 33.0, 40.0, 37.0))  # reaches beyond the country: clipped to it
    result = zones(
        claim(1, "Government of Syria", "2016-05-20", 35.0, 37.5),
        claim(2, "Government of Syria", "2016-05-25", 35.0, 38.5),  # inside the polygon: the polygon decides
        claim(3, "SDF", "2016-05-01", None, None, polygon=east),
    )
    by = result.set_index("faction")
    assert by.loc["SDF", "area_km2"] == pytest.approx(km2(EAST), rel=2e-3) and by.loc["SDF", "claim_ids"] == [
        3
    ]
    assert by.loc["Government of Syria", "area_km2"] == pytest.approx(km2(WEST), rel=2e-3)
    assert by.loc["Government of Syria", "claim_ids"] == [1]
    assert owner(result, 38.5, 35.0) == "SDF"


def test_where_polygons_overlap_the_later_evidence_wins():
    result = zones(
        claim(1, "Islamic State", "2016-01-01", None, None, polygon=mapping(box(37.0, 34.0, 38.5, 36.0))),
        claim(2, "SDF", "2016-04-01", None, None, polygon=mapping(box(38.0, 34.0, 39.0, 36.0))),
    )
    by = result.set_index("faction")["area_km2"]
    assert by["SDF"] == pytest.approx(km2(EAST), rel=2e-3)
    assert by["Islamic State"] == pytest.approx(km2(WEST), rel=2e-3)


def test_a_validity_period_speaks_for_every_day_in_it():
    siege = claim(1, "Government of Syria", "2018-01-01", valid_from="2014-07-01", valid_to="2017-11-03")
    during = zones(siege, when=date(2016, 6, 1))  # told in 2018, about 2014-2017: fresh evidence for 2016
    assert during["faction"].tolist() == ["Government of Syria"] and during["freshness"].tolist() == [1.0]
    assert zones(siege, when=date(2014, 6, 1)).empty  # before it held
    assert zones(siege, when=date(2017, 12, 1)).empty  # after the source says it ended
    open_ended = claim(1, "SDF", "2017-10-20", valid_from="2017-10-17")
    assert zones(open_ended, when=date(2019, 1, 1))["freshness"].tolist() == [
        0.75
    ]  # ages from its observation


def test_districts_keep_a_claim_to_its_own_district():
    districts = gpd.GeoDataFrame({"pcode": ["W", "E"]}, geometry=[WEST, EAST], crs="EPSG:4326")
    result = zones(
        claim(1, "HTS", "2016-05-01", 35.5, 37.5),
        claim(2, "Opposition/FSA", "2016-05-01", 34.5, 37.5),
        districts=districts,
    )
    assert result["area_km2"].sum() == pytest.approx(km2(WEST), rel=2e-3)  # the east district has no claim
    assert owner(result, 38.5, 35.0) is None and owner(result, 37.5, 35.9) == "HTS"
    assert owner(result, 37.5, 34.1) == "Opposition/FSA"
    both = zones(claim(1, "HTS", "2016-05-01", 35.5, 37.5), claim(2, "SDF", "2016-05-01", 35.5, 38.95),
                 districts=districts)  # fmt: skip
    assert owner(both, 37.99, 35.5) == "HTS"  # nearer the SDF's point, but in the HTS claim's district


def test_claims_the_map_cannot_place_are_left_out():
    result = zones(
        claim(1, "Israel", "2016-05-01", 35.0, 38.5),  # holds no ground on the map
        claim(2, "Nobody we know", "2016-05-01", 35.0, 38.5),
        claim(3, "SDF", "2016-05-01", None, None),  # neither a point nor a polygon
        claim(4, "Islamic State", "2016-05-01", 30.0, 38.0),  # far outside the country
        claim(5, "Russia", "2016-05-01", 35.0, 37.5),
    )
    assert result["faction"].tolist() == ["Russia"] and result["claim_ids"].tolist() == [[5]]


def test_the_same_claims_in_any_order_give_the_same_zones():
    claims = [
        claim(i, faction, f"2016-0{1 + i % 5}-1{i % 9}", 34.1 + (i * 0.37) % 1.8, 37.1 + (i * 0.61) % 1.8)
        for i, faction in enumerate(["ISIS", "SDF", "SAA", "FSA", "HTS", "SAA", "ISIS", "TAF"] * 5, start=1)
    ]
    claims.append(claim(99, "SDF", "2016-04-01", None, None, polygon=mapping(box(38.6, 35.6, 39.5, 36.5))))
    first = zones(*claims)
    again = zones(*reversed(claims))
    shuffled = zones_at(frame(*claims).sample(frac=1.0, random_state=7), WHEN, outline=OUTLINE)
    assert_geodataframe_equal(first, again)
    assert_geodataframe_equal(first, shuffled)
    assert len(first) > 3 and first.is_valid.all()
    assert first["area_km2"].sum() == pytest.approx(BOX_KM2, rel=2e-3)  # no gaps, no overlaps
    for feature in to_feature_collection(first)["features"]:
        assert shapely.geometry.shape(feature["geometry"]).is_valid


def test_no_claims_give_no_zones():
    result = zones_at(frame(), WHEN, outline=OUTLINE)
    assert result.empty and list(result.columns) == ZONE_COLUMNS and result.crs == "EPSG:4326"
    assert to_feature_collection(result, WHEN) == {"type": "FeatureCollection", "date": "2016-06-01",
                                                   "features": []}  # fmt: skip


def test_zones_on_syria_cover_the_outline():
    outline = load_outline()
    damascus = claim(1, "Government of Syria", "2016-05-01", 33.51, 36.29)
    raqqa = claim(2, "ISIS", "2016-05-01", 35.95, 39.01)
    result = zones_at(frame(damascus, raqqa), WHEN, outline=outline)
    syria_km2 = km2(outline.geometry.iloc[0])
    assert 180_000 < syria_km2 < 190_000
    assert result["area_km2"].sum() == pytest.approx(syria_km2, rel=2e-3)


def test_the_feature_collection_carries_the_zone_properties():
    result = zones(claim(1, "ISIS", "2016-05-01", 35.0, 37.5), claim(2, "YPG", "2015-01-02", 35.0, 38.5))
    collection = json.loads(json.dumps(to_feature_collection(result, WHEN)))
    assert collection["type"] == "FeatureCollection" and collection["date"] == "2016-06-01"
    first, second = collection["features"]
    assert first["properties"] == {
        "faction": "Islamic State", "area_km2": result["area_km2"].iloc[0], "claims": 1,
        "oldest_claim": "2016-05-01", "newest_claim": "2016-05-01", "freshness": 1.0, "claim_ids": [1],
    }  # fmt: skip
    assert second["properties"]["freshness"] == 0.5 and first["geometry"]["type"] == "Polygon"


def test_zone_rules_come_from_the_settings_and_flags(monkeypatch):
    monkeypatch.delenv("SYRIAMAP_ZONES_FRESH_DAYS", raising=False)
    monkeypatch.setenv("SYRIAMAP_ZONES_EXPIRE_DAYS", "365")
    assert zone_rules() == {"fresh_days": 180, "expire_days": 365, "contested_days": 30}
    assert zone_rules(fresh_days=90, contested_days="14") == {"fresh_days": 90, "expire_days": 365,
                                                              "contested_days": 14}  # fmt: skip
    with pytest.raises(ValueError, match=r"SYRIAMAP_ZONES_EXPIRE_DAYS .* must be greater"):
        zone_rules(fresh_days=400)
    monkeypatch.setenv("SYRIAMAP_ZONES_CONTESTED_DAYS", "a month")
    with pytest.raises(ValueError, match="SYRIAMAP_ZONES_CONTESTED_DAYS must be a whole number of days"):
        zone_rules()


def test_claims_named_by_a_gazetteer_id_get_its_point():
    gazetteer = pd.DataFrame({"id": ["gn:1"], "lat": [35.5], "lon": [38.5]})
    claims = frame(claim(1, "SDF", "2016-05-01", None, None, place_id="gn:1"),
                   claim(2, "SDF", "2016-05-01", 34.5, 37.5, place_id="gn:2"))  # fmt: skip
    filled = fill_points(claims, gazetteer)
    assert filled[["latitude", "longitude"]].to_numpy().tolist() == [[35.5, 38.5], [34.5, 37.5]]


def test_a_places_claims_are_found_by_any_spelling_or_id():
    claims = frame(
        claim(1, "ISIS", "2014-01-14", place_name="Raqqa"),
        claim(2, "SDF", "2017-10-20", place_name="Ar-Raqqah"),
        claim(3, "SDF", "2017-10-21", place_id="gn:172955", place_name="the city"),
        claim(4, "SDF", "2017-10-21", place_name="Tabqa"),
    )
    found = claims_for_place(claims, "al-Raqqa", "gn:172955")
    assert found["claim_id"].tolist() == [1, 2, 3] and found["faction"].tolist()[0] == "Islamic State"


# dashboard.zones: traces and panel -------------------------------------------------------------------------
@pytest.fixture
def two_zones():
    claims = frame(
        claim(1, "ISIS", "2016-05-01", 35.0, 37.5, quote="IS holds the west", report_title="Report A",
              report_url="https://example.org/a", place_name="Westville"),
        claim(2, "YPG", "2015-01-02", 35.0, 38.5, quote=None, report_title=None, report_url=None,
              place_name="Eastville", confidence=0.6),
    )  # fmt: skip
    return claims, zones_at(claims, WHEN, outline=OUTLINE)


def test_zone_traces_keep_one_slot_per_faction_and_fade_with_age(two_zones):
    _, result = two_zones
    traces = [t.to_plotly_json() for t in zone_traces(result)]
    assert [t["name"] for t in traces[:-1]] == list(FACTIONS) and traces[-1]["type"] == "scattermap"
    shown = {t["name"]: t for t in traces if t.get("showlegend")}
    assert set(shown) == {"Islamic State", "SDF"}  # the legend names the factions that hold ground
    islamic_state, sdf = shown["Islamic State"], shown["SDF"]
    assert islamic_state["colorscale"][0][1] == FACTION_COLOURS["Islamic State"]
    assert list(islamic_state["marker"]["opacity"]) == [MAX_OPACITY]
    assert list(sdf["marker"]["opacity"]) == zone_opacity([0.5])  # a year and a half old: fainter
    assert (
        MIN_OPACITY < zone_opacity([0.25])[0] < zone_opacity([0.5])[0] < zone_opacity([0.75])[0] < MAX_OPACITY
    )
    custom = list(sdf["customdata"][0])
    assert isinstance(custom, list) and custom[0] == "zone" and custom[-1] == [2]  # plain lists, not numpy
    json.dumps(custom)
    assert len(islamic_state["geojson"]["features"]) == 1 and islamic_state["locations"]


def test_contested_ground_is_grey_and_hatched():
    result = zones(claim(1, "ISIS", "2016-05-01"), claim(2, "SDF", "2016-05-10"))
    traces = zone_traces(result)
    contested = next(t for t in traces if t.name == "Contested")
    assert contested.showlegend and contested.colorscale[0][1] == "#DDDDDD"
    hatch = traces[-1]
    assert len([v for v in hatch.lat if v is None]) > 20  # diagonal lines across the contested box
    inside = [(x, y) for x, y in zip(hatch.lon, hatch.lat, strict=True) if x is not None]
    assert all(BOX.buffer(1e-6).contains(shapely.Point(p)) for p in inside)


def test_a_zone_click_lists_its_claims_with_quotes_and_links(two_zones):
    claims, result = two_zones
    traces = [t.to_plotly_json() for t in zone_traces(result)]
    clicked = next(t for t in traces if t["name"] == "Islamic State")["customdata"][0]
    row = zone_from_customdata(list(clicked))
    assert row["faction"] == "Islamic State" and row["claim_ids"] == [1]
    panel = zone_panel(claims, row).to_plotly_json()
    text = json.dumps(panel, default=lambda o: o.to_plotly_json())
    assert "Islamic State" in text and "IS holds the west" in text and "Westville" in text
    assert "2016-05-01" in text and "Claims (1)" in text
    link = json.loads(text)
    anchors = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "A":
                anchors.append(node["props"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(link)
    assert anchors == [{"children": "Report A", "href": "https://example.org/a", "target": "_blank",
                        "rel": "noopener noreferrer", "className": "report-title"}]  # fmt: skip


def test_a_zone_row_from_zones_at_gives_the_same_panel(two_zones):
    claims, result = two_zones
    sdf = result[result["faction"] == "SDF"].iloc[0]
    text = json.dumps(zone_panel(claims, sdf).to_plotly_json(), default=lambda o: o.to_plotly_json())
    assert "Eastville" in text and "confidence 60%" in text and "No report is linked" in text
    assert "evidence freshness 50%" in text
