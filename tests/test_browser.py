"""The built site in Debian's Chromium: math, search, copy button, dark mode, no outside requests."""
from __future__ import annotations

import re

import pytest

from conftest import FONT_LOADED, QuietServer

pytestmark = pytest.mark.browser


def test_the_browser_keeps_playwrights_settings_and_opens_no_address_bar_popup(browser):
    """Our --disable-features replaces Playwright's (Chromium reads the last one): it must still
    hold every feature Playwright disables, and no window loads the address bar's popup page."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto("chrome://version")
        given = re.findall(r"--disable-features=(\S+)", page.locator("#command_line").inner_text())
        targets = browser.new_browser_cdp_session().send("Target.getTargets", {"filter": [{}]})["targetInfos"]
    finally:
        context.close()
    assert len(given) == 2, given  # Playwright's list, then ours
    missing = sorted(set(given[0].split(",")) - set(given[1].split(",")))
    assert not missing, f"Playwright disables {missing} too: add them to PLAYWRIGHT_DISABLED in tests/conftest.py"
    popups = [t["url"] for t in targets if "omnibox-popup" in t["url"]]
    assert not popups, popups


def test_the_local_server_is_quiet_when_a_browser_drops_a_download_and_only_then(capsys):
    server = QuietServer(("127.0.0.1", 0), None)
    try:
        for error in (BrokenPipeError(32, "Broken pipe"), ValueError("a real bug")):
            try:
                raise error
            except Exception:  # noqa: BLE001 - as socketserver calls handle_error, inside the except
                server.handle_error(None, ("127.0.0.1", 1))
    finally:
        server.server_close()
    printed = capsys.readouterr().err
    assert "ValueError: a real bug" in printed and "BrokenPipeError" not in printed


def test_exemplar_formulas_render_as_mathml(page, site_url):
    page.goto(site_url + "forward-pass/")
    formulas = page.locator("article math")
    assert formulas.count() > 50
    box = page.locator(".math-scroll > math").first.bounding_box()
    assert box and box["height"] > 20
    # The site's math font was loaded from the site and used, not a system substitute.
    page.wait_for_function("document.fonts.status === 'loaded'")
    assert page.evaluate(FONT_LOADED, "STIX Two Math subset")
    family = page.evaluate("getComputedStyle(document.querySelector('article math')).fontFamily")
    assert family.startswith('"STIX Two Math subset"'), family
    visible = page.locator("article").inner_text()
    assert "\\frac" not in visible and "\\(" not in visible and "$$" not in visible


def test_search_finds_the_forward_pass(page, site_url):
    page.goto(site_url)
    page.keyboard.press("/")
    search = page.locator("input.md-search__input")
    search.press_sequentially("forward pass", delay=30)
    result = page.locator(".md-search-result__item a[href*='forward-pass']").first
    result.wait_for(timeout=10_000)
    assert "forward pass" in result.inner_text().lower()


def test_copy_button_copies_the_snippet_without_markers(page, site_url):
    page.goto(site_url + "forward-pass/")
    block = page.locator("#code ~ .highlight").first
    block.hover()
    block.locator("button[data-md-type=copy]").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "def dense(x, W, b):" in copied and "def mlp_forward(" in copied
    assert "--8<--" not in copied


def toggle_to(page, scheme_input: str) -> None:
    """Click the palette toggle (it cycles system -> light -> dark) until `scheme_input` is on."""
    for _ in range(4):
        if page.evaluate(f"document.getElementById('{scheme_input}').checked"):
            return
        page.locator("form[data-md-component=palette] label:not([hidden])").click()
        page.wait_for_timeout(100)
    raise AssertionError(f"the palette toggle never reached {scheme_input}")


def test_dark_toggle_swaps_the_figures(page, site_url):
    page.goto(site_url + "forward-pass/")
    light = page.locator("img[src$='forward-pass-network.svg#only-light']")
    dark = page.locator("img[src$='forward-pass-network-dark.svg#only-dark']")
    toggle_to(page, "__palette_1")  # light
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    assert light.is_visible() and not dark.is_visible()
    toggle_to(page, "__palette_2")  # dark
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    assert dark.is_visible() and not light.is_visible()
    dark.scroll_into_view_if_needed()
    page.wait_for_function("el => el.complete && el.naturalWidth > 0", arg=dark.element_handle())


@pytest.mark.parametrize("width", [1280, 390])
def test_reading_order_arrows_point_at_the_next_part(browser, site_url, width):
    """A part's arrow points right when the next part sits beside it, down when it sits below,
    and is absent at a row's end and after the last part (none dangles off the diagram)."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(site_url)
        parts = page.evaluate("""[...document.querySelectorAll('.reading-order__part')].map(p => {
            const r = p.getBoundingClientRect();
            return {left: r.left, top: r.top, arrow: getComputedStyle(p, '::after').content}; })""")
        assert len(parts) >= 4  # more parts than fit in one row on a wide screen
        expected = []
        for part, following in zip(parts, parts[1:]):
            beside = abs(following["top"] - part["top"]) < 1 and following["left"] > part["left"]
            below = following["top"] > part["top"] and abs(following["left"] - part["left"]) < 1
            expected.append('"→"' if beside else '"↓"' if below else "none")
        assert [p["arrow"] for p in parts] == expected + ["none"]
        assert any(e == "none" for e in expected) if width > 720 else all(e == '"↓"' for e in expected)
    finally:
        context.close()


def test_a_formula_wider_than_the_screen_can_be_scrolled_by_keyboard(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(site_url + "backprop/")
        page.wait_for_selector("html[data-math-scroll=checked]", state="attached")
        state = page.evaluate("""[...document.querySelectorAll('.math-scroll')].map(b =>
            [b.scrollWidth > b.clientWidth + 1, b.getAttribute('tabindex')])""")
        wide = [tab for overflows, tab in state if overflows]
        narrow = [tab for overflows, tab in state if not overflows]
        assert wide and all(tab == "0" for tab in wide)  # a phone is narrower than some formulas
        assert narrow and all(tab is None for tab in narrow)
        # Boxes in a closed answer have no width; opened, the wide ones become focusable.
        page.evaluate("document.querySelectorAll('article details').forEach(d => d.open = true)")
        page.wait_for_function("""() => [...document.querySelectorAll('details .math-scroll')].every(b =>
            (b.getAttribute('tabindex') === '0') === (b.scrollWidth > b.clientWidth + 1))""", timeout=5000)
        assert page.evaluate("""[...document.querySelectorAll('details .math-scroll')]
            .some(b => b.scrollWidth > b.clientWidth + 1)""")  # the page has such a box
        page.evaluate("document.querySelectorAll('article details').forEach(d => d.open = false)")
        page.set_viewport_size({"width": 1600, "height": 900})  # wider screen: fewer boxes overflow
        page.wait_for_function("""wide => { const boxes = [...document.querySelectorAll('.math-scroll')];
            const over = boxes.filter(b => b.scrollWidth > b.clientWidth + 1);
            return over.length < wide && boxes.every(b => (b.getAttribute('tabindex') === '0') ===
                                                           (b.scrollWidth > b.clientWidth + 1)); }""",
                               arg=len(wide), timeout=5000)
    finally:
        context.close()


def test_a_long_page_does_not_shift_while_it_loads_on_a_slow_phone(browser, site_url):
    """Nothing moves once painted (Lighthouse's CLS): a phone on a slow network paints early."""
    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True)
    try:
        page = context.new_page()
        page.add_init_script("""window.__shifts = []; new PerformanceObserver(list => {
            for (const e of list.getEntries()) window.__shifts.push(  // the test gives no input
                [e.value, e.sources.map(s => s.node ? s.node.nodeName + ': ' + s.node.textContent.slice(0, 40) : '')]);
            }).observe({type: 'layout-shift', buffered: true});""")
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 150,
                                                      "downloadThroughput": 200_000, "uploadThroughput": 90_000})
        page.goto(site_url + "optimizers/", wait_until="domcontentloaded", timeout=120_000)  # scripts have run
        page.wait_for_function("document.fonts.status === 'loaded'", timeout=60_000)
        page.wait_for_timeout(2000)
        shifts = page.evaluate("window.__shifts")
        assert not shifts, f"the page shifted while loading: {shifts}"
    finally:
        context.close()
