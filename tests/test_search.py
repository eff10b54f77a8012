"""Search in Chromium, over HTTP: the index loads when the reader opens search, not at page load.

overrides/main.html holds back Material's request for search/search_index.json and its search
worker until search is opened (or the address has ?h=). These tests check that a page load
fetches neither, that every way of opening search finds results on the first open, with
suggestions, even when the index arrives after the query was typed, and that ?h= highlights.
The offline copy (file://) is tested in tests/test_offline.py.
"""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

INDEX = "/search/search_index.json"
WORKER = "/assets/javascripts/workers/search."


def watch_search(page) -> dict:
    """Record requests for the index and the search workers the page starts."""
    seen: dict = {"index": [], "workers": [], "requests": 0}

    def request(r):
        seen["requests"] += 1
        if INDEX in r.url:
            seen["index"].append(r.url)

    page.on("request", request)
    page.on("worker", lambda w: seen["workers"].append(w.url))
    return seen


def wait_until(page, check, what: str, timeout_ms: int = 10_000) -> None:
    for _ in range(timeout_ms // 100):
        if check():
            return
        page.wait_for_timeout(100)
    raise AssertionError(what)


@pytest.mark.parametrize("path", ["", "forward-pass/", "optimizers/"])
def test_a_page_load_fetches_no_search_index_and_starts_no_worker(page, site_url, path):
    seen = watch_search(page)
    page.goto(site_url + path, wait_until="networkidle")
    page.wait_for_function("document.documentElement.classList.contains('js')")  # Material's bundle ran
    assert seen["requests"] > 3
    assert not seen["index"], f"loading /{path} fetched the search index: {seen['index']}"
    assert not seen["workers"], f"loading /{path} started the search worker: {seen['workers']}"


def open_search(page, how: str) -> None:
    if how == "icon":  # a phone: the magnifier in the header opens the search dialog
        page.locator("label.md-header__button[for=__search]").click()
    elif how == "click":  # a wide screen: the search box sits in the header
        page.locator("input.md-search__input").click()
    elif how == "tab":
        for _ in range(15):
            page.keyboard.press("Tab")
            if "md-search__input" in page.evaluate("document.activeElement.className"):
                return
        raise AssertionError("15 presses of Tab never reached the search box")
    else:  # Material's keyboard shortcuts
        page.keyboard.press(how)


@pytest.mark.parametrize("how", ["icon", "click", "/", "s", "tab"])
def test_search_works_on_the_first_open_even_when_the_index_arrives_late(page, site_url, how):
    """The query is typed while the index request is held, then the index arrives: no retyping."""
    if how == "icon":
        page.set_viewport_size({"width": 390, "height": 844})
    held = []
    page.route("**" + INDEX, lambda route: held.append(route))
    seen = watch_search(page)
    page.goto(site_url + "forward-pass/", wait_until="networkidle")
    assert not held and not seen["workers"]
    open_search(page, how)
    page.keyboard.type("optimi", delay=30)
    wait_until(page, lambda: held, f"opening search by {how!r} never requested the index")
    assert page.locator(".md-search-result__item").count() == 0
    held[0].continue_()
    result = page.locator(".md-search-result__item a[href*='optimizers/']").first
    result.wait_for(timeout=10_000)
    assert "optimi" in result.inner_text().lower()
    assert page.input_value("input.md-search__input") == "optimi"
    suggest = page.locator(".md-search__suggest")
    wait_until(page, lambda: suggest.text_content().startswith("optimi") and len(suggest.text_content()) > 6,
               f"no suggestion completes 'optimi' (suggestion: {suggest.text_content()!r})")
    assert len(seen["workers"]) == 1 and WORKER in seen["workers"][0]


def test_a_search_result_link_highlights_the_word_and_search_still_works(page, site_url):
    seen = watch_search(page)
    page.goto(site_url + "forward-pass/?h=neuron", wait_until="networkidle")
    marks = page.locator("article mark[data-md-highlight]")
    marks.first.wait_for(timeout=10_000)
    assert marks.count() > 5
    assert {t.lower() for t in marks.all_text_contents()} == {"neuron"}
    assert len(seen["index"]) == 1  # highlighting needs the index's settings ...
    assert not seen["workers"]  # ... but not the search worker, until search is opened
    page.keyboard.press("/")
    page.keyboard.type("backprop", delay=30)
    page.locator(".md-search-result__item a[href*='backprop/']").first.wait_for(timeout=10_000)
    assert len(seen["index"]) == 1 and len(seen["workers"]) == 1
