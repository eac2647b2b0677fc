"""The download helper against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import hashlib
import socket

import pytest

from geodata.fetch import FetchError, download
from tests.local_http import serve

BODY = b"shapeName,shapeID\nDeir-ez-Zor,SYR-ADM2-1\n" * 5000  # ~200 KB: several chunks


def test_download_writes_the_content(tmp_path):
    dest = tmp_path / "sub" / "file.csv"
    with serve({"/file.csv": BODY}) as base:
        assert download(f"{base}/file.csv", dest, progress=False) == dest
    assert dest.read_bytes() == BODY
    assert [p.name for p in dest.parent.iterdir()] == ["file.csv"]  # no temporary file left


def test_matching_checksum_and_headers(tmp_path):
    seen: list = []
    with serve({"/file.csv": BODY}, seen) as base:
        download(
            f"{base}/file.csv",
            tmp_path / "file.csv",
            sha256=hashlib.sha256(BODY).hexdigest().upper(),
            headers={"Authorization": "Bearer t0ken"},
            progress=True,
        )
    assert (tmp_path / "file.csv").read_bytes() == BODY
    assert seen[0][1]["Authorization"] == "Bearer t0ken"
    assert seen[0][1]["User-Agent"].startswith("syria-conflict-map")


def test_checksum_mismatch_raises_and_writes_nothing(tmp_path):
    dest = tmp_path / "file.csv"
    with serve({"/file.csv": BODY}) as base, pytest.raises(FetchError, match="checksum mismatch"):
        download(f"{base}/file.csv", dest, sha256="0" * 64, progress=False)
    assert list(tmp_path.iterdir()) == []


def test_checksum_mismatch_keeps_the_old_file(tmp_path):
    dest = tmp_path / "file.csv"
    dest.write_bytes(b"old")
    with serve({"/file.csv": BODY}) as base, pytest.raises(FetchError):
        download(f"{base}/file.csv", dest, sha256="0" * 64, progress=False)
    assert dest.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["file.csv"]


def test_http_404_names_the_url(tmp_path):
    with serve({}) as base:
        url = f"{base}/missing.zip"
        with pytest.raises(FetchError) as caught:
            download(url, tmp_path / "missing.zip", progress=False)
    assert url in str(caught.value) and "404" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_refused_connection_names_the_url(tmp_path):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/x"
    with pytest.raises(FetchError, match=f"^{url}: "):
        download(url, tmp_path / "x", progress=False)
    assert list(tmp_path.iterdir()) == []
