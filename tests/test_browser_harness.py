"""The browser harness itself (tests/browser.py), on small pages written for each test."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import (
    A3_LANDSCAPE_PT,
    APT_PACKAGES,
    PT_TOLERANCE,
    VIEWPORT,
    PageOpener,
    pdf_pages,
    png_size,
    print_pdf,
    require_chromium,
    screenshot,
)
from tests.conftest import ROOT


def write_page(directory: Path, body: str, *, head: str = "", name: str = "page.html") -> Path:
    path = directory / name
    path.write_text(
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>t</title>{head}</head>\n'
        f"<body>{body}</body></html>\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A TCP port on 127.0.0.1 that counts as reached if anything connects to it."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        server.setblocking(False)
        yield server


def assert_never_reached(server: socket.socket) -> None:
    try:
        connection, _ = server.accept()
    except BlockingIOError:
        return
    connection.close()
    raise AssertionError("the browser connected to 127.0.0.1")


def test_click_toggles_hidden(open_page: PageOpener, tmp_path: Path) -> None:
    path = write_page(
        tmp_path,
        '<button id="toggle">Details</button>'
        '<p class="summary">A</p><p class="summary">B</p>'
        '<p class="detail" hidden>1</p><p class="detail" hidden>2</p><p class="detail" hidden>3</p>'
        "<script>document.getElementById('toggle').addEventListener('click', () => {"
        "  for (const el of document.querySelectorAll('.summary, .detail')) el.hidden = !el.hidden;"
        "});</script>",
    )
    local = open_page(path)
    page = local.page
    assert (page.locator(".detail:visible").count(), page.locator("[hidden]").count()) == (0, 3)
    page.get_by_role("button", name="Details").click()
    assert (page.locator(".detail:visible").count(), page.locator("[hidden]").count()) == (3, 2)
    assert page.locator(".summary:visible").count() == 0
    local.assert_clean()


def test_console_errors_and_warnings_are_recorded(open_page: PageOpener, tmp_path: Path) -> None:
    path = write_page(
        tmp_path,
        "<script>console.log('fine'); console.info('fyi');"
        " console.error('boom', 1); console.warn('careful');</script>",
    )
    local = open_page(path)
    assert [entry.split(" @ ")[0] for entry in local.console_errors] == ["error: boom 1", "warning: careful"]
    assert local.console_errors[0].endswith(f" @ {local.url}:3")  # the <body> line of write_page
    assert (local.page_errors, local.requests) == ([], [])


def test_uncaught_exceptions_are_recorded(open_page: PageOpener, tmp_path: Path) -> None:
    path = write_page(
        tmp_path,
        "<button onclick=\"throw new RangeError('on click')\">Go</button>"
        "<script>throw new TypeError('at load');</script>",
    )
    local = open_page(path)
    assert local.page_errors == ["TypeError: at load"]
    with local.page.expect_event("pageerror"):
        local.page.get_by_role("button").click()
    assert local.page_errors == ["TypeError: at load", "RangeError: on click"]
    assert local.console_errors == []


def test_remote_requests_are_recorded_and_never_sent(
    open_page: PageOpener, tmp_path: Path, listener: socket.socket
) -> None:
    port = listener.getsockname()[1]
    path = write_page(
        tmp_path,
        '<img src="http://example.invalid/x.png">'
        f'<img src="http://127.0.0.1:{port}/y.png">'
        "<script>"
        "fetch('https://api.example.invalid/data.json')"
        ".catch(() => { document.body.dataset.fetch = 'failed'; });"
        f"const ws = new WebSocket('ws://127.0.0.1:{port}/live');"
        "ws.onclose = () => { document.body.dataset.ws = 'closed'; };"
        "</script>",
    )
    local = open_page(path)
    local.page.locator("body[data-fetch=failed][data-ws=closed]").wait_for(state="attached")
    assert sorted(local.requests) == sorted(
        [
            "http://example.invalid/x.png",
            f"http://127.0.0.1:{port}/y.png",
            "https://api.example.invalid/data.json",
            f"ws://127.0.0.1:{port}/live",
        ]
    )
    assert local.page.evaluate("[...document.images].map(img => img.complete && img.naturalWidth === 0)") == [
        True,
        True,
    ]
    # Each aborted subresource also shows as Chromium's own console error.
    failed = "error: Failed to load resource: net::ERR_FAILED @ http://example.invalid/x.png"
    assert any(entry.startswith(failed) for entry in local.console_errors), local.console_errors
    assert_never_reached(listener)


def test_own_file_data_and_blob_urls_pass_unrecorded(open_page: PageOpener, tmp_path: Path) -> None:
    pixel = "data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=="
    path = write_page(
        tmp_path,
        f'<img src="{pixel}">'
        "<script>"
        "fetch(URL.createObjectURL(new Blob(['ok']))).then(r => r.text())"
        ".then(text => { document.body.dataset.blob = text; });"
        "</script>",
        name="한글 map.html",
    )
    local = open_page(path)
    local.page.locator("body[data-blob=ok]").wait_for(state="attached")
    assert local.page.evaluate("document.images[0].naturalWidth") == 1
    local.assert_clean()


def test_other_local_files_load_and_are_recorded(open_page: PageOpener, tmp_path: Path) -> None:
    (tmp_path / "side.css").write_text("p { color: rgb(1, 2, 3); }", encoding="utf-8")
    local = open_page(write_page(tmp_path, "<p>x</p>", head='<link rel="stylesheet" href="side.css">'))
    assert local.requests == [(tmp_path / "side.css").as_uri()]
    assert local.page.locator("p").evaluate("p => getComputedStyle(p).color") == "rgb(1, 2, 3)"


def test_assert_clean_lists_every_problem(open_page: PageOpener, tmp_path: Path) -> None:
    local = open_page(
        write_page(
            tmp_path,
            '<img src="https://cdn.example.invalid/a.png">'
            '<script>console.warn("w"); throw new Error("e");</script>',
        )
    )
    with pytest.raises(AssertionError) as raised:
        local.assert_clean()
    message = str(raised.value)
    for expected in ("console warning: w", "uncaught Error: e", "request https://cdn.example.invalid/a.png"):
        assert expected in message


def test_a3_landscape_page_prints_on_one_a3_landscape_page(open_page: PageOpener, tmp_path: Path) -> None:
    path = write_page(
        tmp_path,
        '<div style="width: 100%; height: 250mm; background: #def">A3</div>',
        head="<style>@page { size: A3 landscape; margin: 8mm } body { margin: 0 }</style>",
    )
    pdf = print_pdf(open_page(path).page, tmp_path / "page.pdf")
    assert pdf_pages(pdf) == [pytest.approx(A3_LANDSCAPE_PT, abs=PT_TOLERANCE)]


def test_screenshot_is_a_png_of_the_viewport(open_page: PageOpener, tmp_path: Path) -> None:
    short = open_page(write_page(tmp_path, "<p>short</p>")).page
    assert png_size(screenshot(short, tmp_path / "short.png")) == (VIEWPORT["width"], VIEWPORT["height"])

    tall_page = write_page(
        tmp_path,
        '<div style="height: 2000px"></div>',
        head="<style>body { margin: 0 }</style>",
        name="tall.html",
    )
    tall = open_page(tall_page, viewport={"width": 800, "height": 600}).page
    assert png_size(screenshot(tall, tmp_path / "tall.png")) == (800, 2000)
    assert png_size(screenshot(tall, tmp_path / "fold.png", full_page=False)) == (800, 600)


def test_missing_chromium_fails_naming_the_packages(tmp_path: Path) -> None:
    with pytest.raises(pytest.fail.Exception, match="apt-get install -y chromium chromium-driver"):
        require_chromium(tmp_path / "chromium")


def test_readme_test_command_installs_the_packages() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.search(r"^\*\*Tests\*\*.*?^```sh\n(.*)\n", readme, re.MULTILINE | re.DOTALL)
    assert command, "README.md has no **Tests** command"
    installed = re.search(r"apt-get install -y ([^&]*)", command[1])
    assert installed, command[1]
    assert set(APT_PACKAGES) <= set(installed[1].split())
