"""Downloads for users with internet: one helper with a progress bar, a checksum and an atomic write.

Nothing the default run needs depends on this module; the fetch commands use it, and their tests point it at a
server on 127.0.0.1.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

log = logging.getLogger(__name__)

CHUNK = 1 << 16
TIMEOUT_S = 60
USER_AGENT = "syria-conflict-map (+https://github.com/syria-conflict-map)"


class FetchError(RuntimeError):
    """A download failed: the message names the URL and the reason."""


def _progress(enabled: bool) -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        disable=not enabled,
        transient=False,
    )


def download(
    url: str,
    dest: Path,
    *,
    sha256: str | None = None,
    headers: dict[str, str] | None = None,
    progress: bool = True,
) -> Path:
    """Download ``url`` to ``dest`` atomically, checking its SHA-256 when one is given.

    Parameters
    ----------
    url
        An http(s) or file URL.
    dest
        The file to write; its folder is created. A partial download never replaces an existing file.
    sha256
        The expected hex digest; a mismatch raises :class:`FetchError` and leaves ``dest`` untouched.
    headers
        Extra request headers (e.g. an API token).
    progress
        Show a rich progress bar on stderr.

    Returns
    -------
    Path
        ``dest``.
    """
    dest = Path(dest)
    if urllib.parse.urlsplit(url).scheme not in ("http", "https", "file"):
        raise FetchError(f"{url}: not an http(s) or file URL")
    dest.parent.mkdir(parents=True, exist_ok=True)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **(headers or {})})
    digest = hashlib.sha256()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", dir=dest.parent)
    try:
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            total = response.headers.get("Content-Length")
            with _progress(progress) as bar:
                task = bar.add_task(dest.name, total=int(total) if total else None)
                while chunk := response.read(CHUNK):
                    out.write(chunk)
                    digest.update(chunk)
                    bar.update(task, advance=len(chunk))
        if sha256 and digest.hexdigest() != sha256.lower():
            raise FetchError(f"{url}: checksum mismatch: expected sha256 {sha256}, got {digest.hexdigest()}")
        os.replace(tmp_name, dest)
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise FetchError(f"{url}: {getattr(exc, 'reason', exc)}") from exc
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
    log.info("downloaded %s to %s", url, dest)
    return dest
