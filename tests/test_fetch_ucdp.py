"""`python -m events fetch ucdp`: download a GED release from a server on 127.0.0.1 (the base URL is a setting),
sending UCDP_TOKEN as the x-ucdp-access-token header, check its SHA-256, then import it."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from events.__main__ import main
from events.importers.ucdp import download_url
from tests.local_http import serve

GLOBAL = Path(__file__).parent / "data" / "datasets" / "GEDEvent_v25_1.csv"


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(GLOBAL, "GEDEvent_v25_1.csv")
    return buffer.getvalue()


def _fetch(store, folder: Path, *extra: str):
    url = store.engine.url.render_as_string(hide_password=False)
    return CliRunner().invoke(
        main, ["fetch", "ucdp", "--folder", str(folder), "--db", url, "--quiet", *extra]
    )


def test_fetch_downloads_with_the_token_checks_the_sum_and_imports(store, tmp_path, monkeypatch):
    body = _zip()
    seen: list = []
    with serve({"/ged/ged251-csv.zip": body}, seen) as base:
        monkeypatch.setenv("SYRIAMAP_UCDP_URL", f"{base}/ged")
        monkeypatch.setenv("UCDP_TOKEN", "t0ken")
        result = _fetch(store, tmp_path, "--version", "25.1", "--sha256", hashlib.sha256(body).hexdigest())
    assert result.exit_code == 0, result.output
    assert seen[0][0] == "/ged/ged251-csv.zip"
    assert {k.lower(): v for k, v in seen[0][1].items()}["x-ucdp-access-token"] == "t0ken"  # any case
    assert (tmp_path / "ged251-csv.zip").read_bytes() == body
    summary = json.loads(result.stdout)
    assert (summary["dataset"], summary["release"], summary["inserted"], summary["skipped_other_countries"]) == (
        "ucdp-ged", "25.1", 3, 3)  # fmt: skip
    assert summary["source"] == f"{tmp_path / 'ged251-csv.zip'}!GEDEvent_v25_1.csv"


def test_a_checksum_mismatch_imports_nothing(store, tmp_path, monkeypatch):
    with serve({"/ged/ged251-csv.zip": _zip()}) as base:
        monkeypatch.setenv("SYRIAMAP_UCDP_URL", f"{base}/ged")
        result = _fetch(store, tmp_path, "--sha256", "0" * 64)
    assert result.exit_code == 1 and "checksum mismatch" in result.stderr
    assert store.counts()["events"] == 0 and not (tmp_path / "ged251-csv.zip").exists()


def test_a_refused_download_names_the_url_and_hints_at_the_token(store, tmp_path, monkeypatch):
    monkeypatch.delenv("UCDP_TOKEN", raising=False)
    with serve({}) as base:
        monkeypatch.setenv("SYRIAMAP_UCDP_URL", f"{base}/ged")
        result = _fetch(store, tmp_path, "--version", "24.1")
    assert result.exit_code == 1
    assert f"{base}/ged/ged241-csv.zip: HTTP 404" in result.stderr and "UCDP_TOKEN" in result.stderr


@pytest.mark.parametrize(
    ("version", "url"),
    [("25.1", "https://ucdp.uu.se/downloads/ged/ged251-csv.zip"),
     ("19.1", "https://ucdp.uu.se/downloads/ged/ged191-csv.zip")],
)  # fmt: skip
def test_download_urls(version, url, monkeypatch):
    monkeypatch.delenv("SYRIAMAP_UCDP_URL", raising=False)
    assert download_url(version) == url


def test_a_version_that_is_not_a_release_number_is_refused(tmp_path):
    result = CliRunner().invoke(main, ["fetch", "ucdp", "--version", "latest", "--folder", str(tmp_path)])
    assert result.exit_code == 2 and "'latest' is not a GED release number" in result.stderr
