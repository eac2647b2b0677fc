"""The "Add report" form in a real browser: paste, preview, edit (which asks for a new preview), save.
Picking another place is checked without a browser in tests/test_add_report.py."""

from __future__ import annotations

import pytest

from dashboard import ids

TEXT = (
    "Islamic State fighters attacked government positions in the city of Deir Ezzor on Saturday. "
    "At least 16 soldiers were killed, a monitoring group said. "
    "The Deir Ezzor military airport remains under government control."
)  # our own sentences

pytestmark = pytest.mark.browser


def test_a_pasted_report_is_previewed_and_saved(page, app_url):
    page.goto(app_url)
    page.click(f"#{ids.ADD_OPEN}")
    page.fill(f"#{ids.ADD_TITLE}", "ISIS attacks Deir Ezzor")
    page.fill(f"#{ids.ADD_URL}", "https://example.org/browser-add")
    page.fill(f"#{ids.ADD_PUBLISHED}", "2017-01-15")
    page.fill(f"#{ids.ADD_TEXT}", TEXT)
    page.click(f"#{ids.ADD_PREVIEW}")
    table = page.locator(".add-table")
    table.wait_for(timeout=15_000)
    assert "2017-01-14" in table.inner_text() and "Islamic State" in table.inner_text()
    assert "held by Government of Syria" in page.inner_text(f"#{ids.ADD_RESULT}")
    page.fill(f"#{ids.ADD_TEXT}", TEXT + " Residents fled north.")  # an edit after the preview
    page.wait_for_function(f"() => document.getElementById('{ids.ADD_SAVE}').disabled", timeout=10_000)
    assert "preview again" in page.inner_text(f"#{ids.ADD_MESSAGE}")
    page.click(f"#{ids.ADD_PREVIEW}")
    page.wait_for_function(f"() => !document.getElementById('{ids.ADD_SAVE}').disabled", timeout=10_000)
    page.click(f"#{ids.ADD_SAVE}")
    page.wait_for_function(
        f"() => document.getElementById('{ids.ADD_MESSAGE}').innerText.startsWith('Saved: 1 event')",
        timeout=15_000,
    )
    page.click(f"#{ids.ADD_CLOSE}")
    page.wait_for_selector(f"#{ids.ADD_SECTION}", state="hidden", timeout=10_000)
    assert not page.problems, page.problems
