"""Shared fixtures: the bundled examples, a small journey built in code, and the browser."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from playwright.sync_api import Browser, sync_playwright

import cjm
from tests.browser import PageOpener, launch

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEED_EXAMPLE = EXAMPLES / "medical_device_dealer" / "journey.yaml"
B2B_EXAMPLE = EXAMPLES / "b2b_software" / "journey.yaml"
DATA = Path(__file__).resolve().parent / "data"

settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "dev",
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the tests that use the browser last, in their own order.

    While Playwright's sync API is open it marks its event loop as running, so
    ``asyncio.run`` fails in any test that comes after the first browser test
    until the session ends (see tests/browser.py).
    """
    items.sort(key=lambda item: "browser" in getattr(item, "fixturenames", ()))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless and offline, one for the session (tests/browser.py)."""
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def open_page(browser: Browser) -> Iterator[PageOpener]:
    """``open_page(path)`` -> a LocalPage in a fresh context; every context closes after the test."""
    opener = PageOpener(browser)
    try:
        yield opener
    finally:
        opener.close()


@pytest.fixture(scope="session")
def seed_journey() -> cjm.Journey:
    """Seed 000's V1.0 map, as bundled."""
    return cjm.load(SEED_EXAMPLE)


@pytest.fixture(scope="session")
def b2b_journey() -> cjm.Journey:
    """The English B2B software example."""
    return cjm.load(B2B_EXAMPLE)


@pytest.fixture
def small_journey() -> cjm.Journey:
    """Two stages, an item lane and every derived lane, built in code."""
    return (
        cjm.JourneyBuilder(id="small", title="Small journey", language="en")
        .stage("find", "Find")
        .stage("buy", "Buy")
        .lane("touch", "Touchpoints", kind="touchpoints")
        .lane("do", "Customer actions", kind="actions", actor="end_user")
        .lane("mot", "MoT", kind="moment_of_truth")
        .lane("pain", "Pain points", kind="pain_points")
        .lane("kpi", "Baseline", kind="metrics")
        .lane("opp", "Opportunities", kind="opportunities")
        .lane("feel", "Emotion", kind="emotions")
        .add("find", "touch", "Website", id="web")
        .add("find", "do", "Compares offers", label="fact", evidence=["ev-1"])
        .add("buy", "do", "Orders | pays", label="idea")
        .pain_point("pp-slow", "buy", "Delivery is late", severity=4, frequency=3)
        .opportunity("op-track", "Live tracking", stage="buy", addresses=["pp-slow"], value=4, effort=2)
        .metric(
            cjm.Metric(
                id="otd",
                name="On-time delivery",
                short="OTD",
                stage="buy",
                unit="%",
                direction="higher",
                baseline=cjm.Baseline(value=70),
                target=95,
            )
        )
        .moment_of_truth("buy", "otd")
        .emotion("find", 1)
        .emotion("buy", -2, note="late")
        .evidence(
            cjm.Evidence(
                id="ev-1", method="interview", source_role="end_user", supports=["web"], summary="Said so"
            )
        )
        .build()
    )
