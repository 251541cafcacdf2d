"""Shared fixtures: the third-party data folder and indexes built from real inputs."""

from __future__ import annotations

import os
import re
import shutil
import uuid
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import Phase, settings

from indexer.article import Article, Mention

# HYPOTHESIS_PROFILE=no-shrink: report the first failing example without shrinking it
# (for runs that only ask whether a test fails, such as reintroduced bugs).
settings.register_profile("no-shrink", phases=[Phase.explicit, Phase.reuse, Phase.generate])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
DEMO = ROOT / "demo"
# Two articles of the demo corpus the web tests open: a plain one and the XSS probe.
ARTICLE = "https://demo.newsdex.invalid/en/ukrainian-forces-enter-kupiansk"
XSS = "https://demo.newsdex.invalid/en/library-website-defaced-script-injection"


def shared(*parts: str) -> Path:
    """A path under ../shared/data; the test is skipped with a reason when it is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the third-party test data lives in ../shared/data")
    return path


def make_article(title: str, body: str, *, mentions=(), **kwargs) -> Article:
    """An article with given mentions (offsets are not checked by the writer)."""
    return Article(title=title, body=body, mentions=list(mentions), **kwargs)


def person(pid: str, name: str) -> Mention:
    return Mention("person", name, 0, len(name), pid, name)


def place(pid: str, name: str, lat=50.0, lon=36.0, country="UA") -> Mention:
    return Mention("place", name, 0, len(name), pid, name, lat, lon, country)


@pytest.fixture
def small_articles() -> list[Article]:
    """Five articles in three languages with entities and dates (hand-made mentions)."""
    kup = place("703656", "Kupiansk", 49.71, 37.61)
    kha = place("706483", "Kharkiv", 49.98, 36.25)
    syr = person("oleksandr-syrskyi", "Oleksandr Syrskyi")
    zel = person("volodymyr-zelensky", "Volodymyr Zelensky")
    return [
        make_article("Kupiansk liberated", "Ukrainian forces liberated Kupiansk in September.",
                     url="https://a.example/1", source="Wire A", language="en",
                     published=datetime(2022, 9, 10, 12), mentions=[kup, syr]),
        make_article("Shelling near Kharkiv", "Artillery shelling hit Kharkiv overnight.",
                     url="https://a.example/2", source="Wire A", language="en",
                     published=datetime(2022, 10, 1), mentions=[kha]),
        make_article("Сирський у Куп'янську", "Командувач відвідав Куп'янськ і Харків.",
                     url="https://b.example/3", source="Вісник", language="uk",
                     published=datetime(2023, 1, 5), mentions=[kup, kha, syr]),
        make_article("Зеленский в Харькове", "Президент Зеленский посетил Харьков.",
                     url="https://c.example/4", source="Новости", language="ru",
                     published=datetime(2023, 2, 1), mentions=[kha, zel]),
        make_article("Undated note", "A note about the grain deal without a date.",
                     source="Wire B", language="en"),
    ]


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory) -> Path:
    """A real index of the seed article and the uk/ru samples, with real entity models."""
    from indexer.pipeline import index_paths

    index_dir = tmp_path_factory.mktemp("seed") / "index"
    report = index_paths([str(shared("seed")), str(shared("samples"))], index_dir)
    assert report.added == 5 and not report.skipped, report
    return index_dir


@pytest.fixture(scope="session")
def demo_index(tmp_path_factory) -> Path:
    """A real index of the demo corpus (37 articles in en/uk/ru), with real entity models."""
    from indexer.pipeline import index_paths

    index_dir = tmp_path_factory.mktemp("demo") / "index"
    report = index_paths([str(DEMO)], index_dir)
    assert report.added == 37 and not report.skipped, report
    return index_dir


@pytest.fixture(scope="session")
def demo_app(demo_index):
    """The Flask app over the demo index."""
    from web import create_app

    app = create_app(demo_index)
    yield app
    app.extensions["newsdex"].close()


@pytest.fixture(scope="session")
def seed_app(seed_index):
    """The Flask app over the seed + samples index."""
    from web import create_app

    app = create_app(seed_index)
    yield app
    app.extensions["newsdex"].close()


@pytest.fixture
def demo(demo_app):
    """A test client of the app over the demo index."""
    return demo_app.test_client()


@pytest.fixture
def seed(seed_app):
    """A test client of the app over the seed + samples index."""
    return seed_app.test_client()


def free_port() -> int:
    """A free loopback port for a test server: from $NEWSDEX_PORTS (e.g. 8200-8239, a shared
    machine's allotted range) when set, else any the system gives."""
    import socket

    low, _, high = os.environ.get("NEWSDEX_PORTS", "").partition("-")
    for port in (range(int(low), int(high or low) + 1) if low else [0]):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    pytest.skip(f"no free port in NEWSDEX_PORTS={os.environ['NEWSDEX_PORTS']}")


@pytest.fixture(scope="session")
def opensearch_url() -> str:
    """The HTTP address of a real OpenSearch node: $NEWSDEX_TEST_OPENSEARCH, which `make test`
    sets (scripts/with-opensearch.sh starts the node). Without it the test is skipped locally,
    and fails when $CI or $NEWSDEX_REQUIRE_OPENSEARCH is set: CI must run the OpenSearch tests."""
    url = os.environ.get("NEWSDEX_TEST_OPENSEARCH", "").rstrip("/")
    url = re.sub(r"^http(s?)://", r"opensearch\1://", url)  # an http URL names it too
    if not url:
        reason = ("no OpenSearch node: NEWSDEX_TEST_OPENSEARCH is unset "
                  "(make test starts one; by hand: scripts/opensearch.sh start)")
        if os.environ.get("CI") or os.environ.get("NEWSDEX_REQUIRE_OPENSEARCH"):
            pytest.fail(reason)
        pytest.skip(reason)
    return url


# A wire story and an unrelated one: the near-duplicate tests re-publish the first.
STORY_TEXT = ("Engineers restored power to most of Kharkiv overnight after a strike on a "
              "substation left the city dark for nine hours, the regional governor said on "
              "Saturday.\n\n"
         "Trams and the metro were running again by morning, and water pumps were back on in "
         "all districts, according to the city council.\n\n"
         "Repair crews worked through the night in freezing temperatures to replace damaged "
         "transformers at the plant on the eastern edge of the city.\n\n"
         "Officials warned that further outages were possible as repairs continued and asked "
         "residents to limit the use of heavy appliances in the evening.")
OTHER_TEXT = ("The city council approved a new budget for schools on Friday, adding funds for "
         "teachers' pay and for repairs to buildings damaged over the winter months, while "
         "cutting spending on road maintenance and street lighting in outer districts.")


@pytest.fixture
def opensearch_index(opensearch_url):
    """The address of a new index on the test node (a unique name), deleted afterwards."""
    from opensearchpy import OpenSearch

    from indexer.backends.opensearch.address import parse_address

    address = f"{opensearch_url}/test-{uuid.uuid4().hex[:12]}"
    yield address
    options = parse_address(address)
    client = OpenSearch(**options.client_options(), timeout=30)
    client.indices.delete(index=options.index, ignore=[404])
    client.close()


# The browser tests' Chromium (Debian's, scripts/install-browser.sh), its flags, and where
# their screenshots go.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium for one test module; skips when it is not installed."""
    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is absent: run scripts/install-browser.sh")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def open_page(browser, **options):
    """(context, page): a desktop-sized page unless `options` say otherwise, recording
    console errors, page errors and dialogs (dismissed) in `page.errors`."""
    context = browser.new_context(**({"viewport": {"width": 1280, "height": 900}} | options))
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("dialog", lambda d: (page.errors.append(f"dialog: {d.message}"), d.dismiss()))
    return context, page


@pytest.fixture
def page(browser):
    """A fresh desktop-sized page; no console error, page error or dialog may occur."""
    context, page = open_page(browser)
    yield page
    errors = page.errors
    context.close()
    assert errors == []
