"""Open what cjm writes in a real browser: Debian's Chromium, driven by Playwright.

The page tests open a local HTML file, click it, print it to PDF and take
pictures of it, all offline. Playwright never downloads a browser here: it
drives ``/usr/bin/chromium`` (apt packages ``chromium chromium-driver``, which
the README's test command installs, with ``poppler-utils`` for ``pdfinfo``).

Nothing a page asks for leaves the machine, twice over:

- every request of a context is routed: the page's own ``file://`` URL goes
  through, other ``file://`` URLs go through and are recorded, anything else
  (http, https, ws, ...) is recorded and aborted before it is sent;
- the browser resolves and connects to no host at all (``--host-resolver-rules``,
  which holds for IP literals too). Routing sees only what pages ask for;
  this also stops Chromium's own calls home, which Debian's build still makes
  at start (accounts.google.com, update.googleapis.com) whatever the
  ``--disable-*`` flags say.

Playwright's sync API marks its event loop as running between calls, so while
the session's browser is open ``asyncio.run`` fails; ``tests/conftest.py``
therefore runs the tests that use the browser last.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Error,
    Page,
    Playwright,
    Route,
    ViewportSize,
    WebSocketRoute,
)

__all__ = [
    "A3_LANDSCAPE_PT",
    "APT_PACKAGES",
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "PT_TOLERANCE",
    "VIEWPORT",
    "LocalPage",
    "PageOpener",
    "launch",
    "open_local",
    "pdf_pages",
    "png_size",
    "print_pdf",
    "require_chromium",
    "screenshot",
]

CHROMIUM = Path("/usr/bin/chromium")
# What the README's test command installs for these tests (a test keeps the two in step).
APT_PACKAGES = ("chromium", "chromium-driver", "poppler-utils")
CHROMIUM_ARGS = (
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # No host resolves, IP literals included: not the browser's own calls home, nor anything past routing.
    "--host-resolver-rules=MAP * ~NOTFOUND",
)
VIEWPORT: ViewportSize = {"width": 1280, "height": 720}
TIMEOUT_MS = 10_000  # a local page answers at once; fail fast rather than after Playwright's 30 s
A3_LANDSCAPE_PT = (1190.55, 841.89)  # 420 x 297 mm; Chromium rounds to whole CSS pixels (1191.12 x 841.92)
PT_TOLERANCE = 2.0

_CONSOLE_KINDS = frozenset({"error", "warning"})
_PASSED_SCHEMES = frozenset({"data", "blob"})
_PAGE_SIZE = re.compile(r"^Page\s+(\d+)\s+size:\s+([\d.]+)\s+x\s+([\d.]+)\s+pts", re.MULTILINE)
_PAGE_ROT = re.compile(r"^Page\s+(\d+)\s+rot:\s+(\d+)", re.MULTILINE)
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def require_chromium(executable: Path = CHROMIUM) -> Path:
    """Path of Debian's Chromium; fail (never skip) if it is missing: CI installs it."""
    if not executable.is_file():
        pytest.fail(
            f"Chromium is not installed at {executable}: the browser tests drive Debian's chromium, "
            f"which the README's **Tests** command installs (apt-get install -y {' '.join(APT_PACKAGES)})",
            pytrace=False,
        )
    return executable


def launch(playwright: Playwright, executable: Path = CHROMIUM) -> Browser:
    """Debian's Chromium, headless, offline, with a fresh temporary profile (removed on close)."""
    return playwright.chromium.launch(
        executable_path=require_chromium(executable), headless=True, args=list(CHROMIUM_ARGS)
    )


@dataclass
class LocalPage:
    """A local file open in a fresh context, with what it did wrong recorded.

    ``console_errors`` holds console messages of type error and warning
    (``"error: text @ url:line"``, lines from 1), ``page_errors`` uncaught exceptions
    (``"TypeError: message"``), ``requests`` every URL the page asked for other
    than its own file and data:/blob: URLs, in order; all but ``file://`` ones
    were aborted unsent (an aborted subresource also logs Chromium's console
    error "Failed to load resource: net::ERR_FAILED").
    """

    page: Page
    url: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        """Fail listing every console error or warning, uncaught exception and request."""
        problems = [
            *(f"console {entry}" for entry in self.console_errors),
            *(f"uncaught {entry}" for entry in self.page_errors),
            *(f"request {url}" for url in self.requests),
        ]
        assert not problems, f"{self.url}:\n  " + "\n  ".join(problems)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type in _CONSOLE_KINDS:
            where = message.location
            # Playwright counts lines from 0; editors and tracebacks from 1.
            at = f" @ {where['url']}:{where['lineNumber'] + 1}" if where.get("url") else ""
            self.console_errors.append(f"{message.type}: {message.text}{at}")

    def _on_page_error(self, error: Error) -> None:
        self.page_errors.append(f"{error.name}: {error.message}")

    def _on_route(self, route: Route) -> None:
        url = route.request.url
        scheme = urlsplit(url).scheme
        if scheme in _PASSED_SCHEMES or unquote(url) == unquote(self.url):
            route.continue_()
            return
        self.requests.append(url)
        if scheme == "file":
            route.continue_()
        else:
            route.abort()

    def _on_web_socket(self, socket: WebSocketRoute) -> None:
        # Never connect_to_server(): the socket is closed without being opened.
        self.requests.append(socket.url)
        socket.close()


@contextmanager
def open_local(browser: Browser, path: Path, *, viewport: ViewportSize = VIEWPORT) -> Iterator[LocalPage]:
    """Open ``path`` in a fresh context and page, recording as :class:`LocalPage` says; close both after."""
    context: BrowserContext = browser.new_context(
        viewport=viewport, device_scale_factor=1, service_workers="block"
    )
    try:
        context.set_default_timeout(TIMEOUT_MS)
        local = LocalPage(page=context.new_page(), url=path.resolve().as_uri())
        context.route("**/*", local._on_route)
        context.route_web_socket(re.compile(r".*"), local._on_web_socket)
        local.page.on("console", local._on_console)
        local.page.on("pageerror", local._on_page_error)
        local.page.goto(local.url, wait_until="load")
        yield local
    finally:
        context.close()


class PageOpener:
    """What the ``open_page`` fixture gives: opens local files, closes their contexts at teardown."""

    def __init__(self, browser: Browser) -> None:
        self._browser = browser
        self._contexts = ExitStack()

    def __call__(self, path: Path, *, viewport: ViewportSize = VIEWPORT) -> LocalPage:
        return self._contexts.enter_context(open_local(self._browser, path, viewport=viewport))

    def close(self) -> None:
        self._contexts.close()


def print_pdf(page: Page, path: Path) -> Path:
    """Chromium's print to PDF, at the page's CSS ``@page`` size, backgrounds included."""
    page.pdf(path=path, prefer_css_page_size=True, print_background=True)
    return path


def screenshot(page: Page, path: Path, *, full_page: bool = True) -> Path:
    """A PNG of the page (the whole scrollable page unless ``full_page=False``)."""
    page.screenshot(path=path, full_page=full_page)
    return path


def _pdfinfo(*args: str) -> str:
    executable = shutil.which("pdfinfo")
    if executable is None:
        pytest.fail(
            "pdfinfo is not installed: the README's **Tests** command installs it "
            f"(apt-get install -y {' '.join(APT_PACKAGES)})",
            pytrace=False,
        )
    return subprocess.run([executable, *args], capture_output=True, text=True, check=True).stdout


def pdf_pages(path: Path) -> list[tuple[float, float]]:
    """(width, height) in points of each page of a PDF, as displayed (``/Rotate`` applied)."""
    count = re.search(r"^Pages:\s+(\d+)", _pdfinfo(str(path)), re.MULTILINE)
    assert count, f"pdfinfo gave no page count for {path}"
    last = int(count[1])
    if last == 0:
        return []
    report = _pdfinfo("-f", "1", "-l", str(last), "-box", str(path))
    rotation = {int(page): int(degrees) for page, degrees in _PAGE_ROT.findall(report)}
    sizes = []
    for page, width, height in _PAGE_SIZE.findall(report):
        size = (float(width), float(height))
        sizes.append(size[::-1] if rotation.get(int(page), 0) % 180 else size)
    assert len(sizes) == last, f"pdfinfo gave {len(sizes)} page sizes for {last} pages of {path}"
    return sizes


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) in pixels of a PNG file, from its header."""
    header = path.read_bytes()[:24]
    assert header[:8] == _PNG_SIGNATURE, f"{path} is not a PNG"
    assert header[12:16] == b"IHDR", f"{path} has no PNG header chunk first"
    width, height = struct.unpack(">II", header[16:24])
    return width, height
