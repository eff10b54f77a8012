"""Every page of the built site in Debian's Chromium, light and dark.

Parametrised over the Markdown sources, so a new page is covered without touching this file.
The `page` fixture fails a test on any request outside 127.0.0.1 and on any console error.

A page is loaded once, in the light scheme, and every check runs on that load: axe-core and
renders cleanly (every figure, those in closed blocks too, in the scheme's variant); then the
reader's system turns dark and both run again; then the keyboard walk. A failing check does not
hide the later ones: the test reports every failing check by name, each with its traceback.
The palette toggle is the same on every page and sets the scheme the figures follow: one test
clicks through its three choices.
"""
from __future__ import annotations

import contextlib

import pytest
from playwright.sync_api import expect

from conftest import ROOT, site_pages

pytestmark = pytest.mark.browser
# The whole-course page (print/) repeats every topic page; it has a browser test of its own, with
# one load for both schemes (tests/test_print.py): here it would cost minutes a scheme.
COURSE = "print/"
PAGES = [path for path in site_pages() if path != COURSE]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
RAW_TEX = ("\\(", "\\)", "\\[", "\\]", "$$", "\\frac", "\\begin{", "\\mathbf")


def open_page(page, site_url, path):
    page.goto(site_url + path, wait_until="load")
    page.wait_for_function("document.fonts.status === 'loaded'")
    # Wide formulas become focusable once math-scroll.js has measured them (in idle time).
    page.wait_for_function("!document.querySelector('.math-scroll') || "
                           "document.documentElement.dataset.mathScroll === 'checked'")


def palette_checked(page) -> int:
    return page.evaluate("[...document.querySelectorAll('[name=__palette]')].findIndex(e => e.checked)")


def renders_cleanly(page, scheme, path):
    # Every formula rendered: no math error, no TeX left in what the reader sees.
    assert page.locator("merror, .temml-error").count() == 0
    visible = page.locator("article").inner_text()
    leftovers = [t for t in RAW_TEX if t in visible]
    assert not leftovers, f"raw TeX {leftovers} visible on {path or 'home'}"
    # No id twice, once the theme's script has named the code blocks (after their closest id).
    twice = page.evaluate("""() => { const seen = new Set(), twice = new Set();
        document.querySelectorAll('[id]').forEach(e => seen.has(e.id) ? twice.add(e.id) : seen.add(e.id));
        return [...twice]; }""")
    assert not twice, f"ids used twice on {path or 'home'}: {twice[:5]}"
    # Every visible image loads when scrolled to (figures are lazy), at its reserved size.
    for img in page.locator("article img:visible").all():
        img.scroll_into_view_if_needed()
        box = img.bounding_box()
        page.wait_for_function("el => el.complete && el.naturalWidth > 0", arg=img.element_handle(),
                               timeout=10_000)
        after = img.bounding_box()
        assert box["height"] > 0 and abs(after["height"] - box["height"]) < 2, \
            f"{img.get_attribute('src')} changed size when it loaded (layout shift)"
    figures_follow_the_scheme(page, scheme)


def figures_follow_the_scheme(page, scheme):
    """Every figure, those in deep dives and answers too, shows its variant for the scheme and
    hides the other (Material's #only-light / #only-dark, set by the scheme on the body)."""
    with every_block_open(page):
        count = page.locator("img[src*='#only-light']").count()
        light, dark = (count, 0) if scheme == "light" else (0, count)
        # Far down a long page the swap can take longer than a frame: wait up to 3 s for it.
        expect(page.locator("img[src*='#only-light']:visible"), f"light figures shown in {scheme}") \
            .to_have_count(light, timeout=3_000)
        expect(page.locator("img[src*='#only-dark']:visible"), f"dark figures shown in {scheme}") \
            .to_have_count(dark, timeout=3_000)


@contextlib.contextmanager
def every_block_open(page):
    """Every closed answer, deep dive and admonition opened, and closed again afterwards (the
    keyboard walk expects to find them closed, and opens each itself)."""
    page.evaluate("""() => { window.__opened = [...document.querySelectorAll('details:not([open])')];
        window.__opened.forEach(d => d.open = true); }""")
    try:
        yield
    finally:
        page.evaluate("() => window.__opened.forEach(d => d.open = false)")


# The palette toggle changes only CSS colour variables, so the page's structure (names, roles,
# landmarks, headings) is the same in both schemes: the light run checks every rule, the dark
# run the rules that depend on colour.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
# What decides a text's contrast is its look: its colour, size, weight and shadow, the backgrounds
# (and opacity) of everything behind it, and for a link the colour of the text around it. Two
# elements that look alike get the same answer from the colour rules, so in the dark run (after
# the light run checked every element with every rule) they check one visible element of each
# look: on a long page about 80 of 2,400 elements with text, and on the question bank 55 of 5,600.
ONE_OF_EACH_LOOK = """() => {
    const behind = new Map(), looks = new Set(), picked = [];
    const backgrounds = e => {
        if (!e) return '';
        if (!behind.has(e)) {
            const s = getComputedStyle(e);
            behind.set(e, [s.backgroundColor, s.backgroundImage, s.opacity, s.filter, s.mixBlendMode]
                .join(' ') + ' / ' + backgrounds(e.parentElement));
        }
        return behind.get(e);
    };
    for (const e of document.body.querySelectorAll('*')) {
        if (e.closest('math') || !e.checkVisibility({visibilityProperty: true})
            || ![...e.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.data.trim())) continue;
        const s = getComputedStyle(e), around = getComputedStyle(e.parentElement || e);
        const look = [e.closest('a') ? around.color : '', s.color, s.fontSize, s.fontWeight, s.textShadow,
                      s.textDecorationLine, s.textDecorationColor, backgrounds(e)].join(' | ');
        if (!looks.has(look)) { looks.add(look); picked.push(e); }
    }
    return picked;
}"""
# axe's full result lists every node of every passing rule (megabytes on a math page): only the
# rule counts and the first node of each violation come back to Python, and axe builds selectors
# only for violations (resultTypes).
AXE_RUN = """([context, only, oneOfEachLook]) => axe.run(oneOfEachLook ? {...context, include: (""" + \
    ONE_OF_EACH_LOOK + """)()} : context, {runOnly: only, resultTypes: ['violations']}).then(r => ({
    ran: r.passes.length + r.incomplete.length + r.violations.length,
    violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                        nodes: [{target: v.nodes[0].target,
                                                 failureSummary: v.nodes[0].failureSummary}]}))}))"""


def axe_finds_no_violation(page, scheme, context=None, one_of_each_look=False):
    """axe over the page (or `context`, an axe include list), formulas left out: a formula draws
    in the colours of the text around it (the build fails on one that sets its own:
    scripts/html_lint.py), so that text's contrast is the one to check, and no other rule we run
    concerns MathML's inner elements. Left in, on a math-heavy page, they were more than half the
    nodes of the contrast check and about 40 % of its time. With `one_of_each_look` (dark), the
    colour rules check one element of each look (ONE_OF_EACH_LOOK)."""
    page.add_script_tag(path=str(AXE))
    context = {**(context or {}), "exclude": [["math"]]}
    run_only = {"type": "tag", "values": AXE_TAGS} if scheme == "light" else \
        {"type": "rule", "values": COLOUR_RULES}
    # Answers and deep dives open, so axe checks what is inside them too (links on their tinted
    # background); closed again afterwards, as the keyboard walk expects to find them.
    # Boxes far down a page are drawn only once scrolled to (content-visibility, extra.css), and axe
    # cannot tell the background of text that is not drawn: on backprop it called 645 of 1,464
    # texts (answers, admonitions, code) undetermined, neither passed nor failed. So everything is drawn
    # while axe runs (colours do not depend on it). Then two frames, so axe reads the page as drawn.
    with every_block_open(page):
        page.evaluate("""() => { const all = document.createElement('style'); all.id = 'axe-draws-all';
            all.textContent = '* { content-visibility: visible !important; }'; document.head.append(all);
            return new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done))); }""")
        try:
            result = page.evaluate(AXE_RUN, [context, run_only, one_of_each_look])
        finally:
            page.evaluate("document.getElementById('axe-draws-all').remove()")
    assert result["ran"], "axe ran no rule"
    problems = [f"{v['id']} ({v['impact']}): {v['help']} -- e.g. {v['nodes'][0]['target']}: "
                f"{v['nodes'][0]['failureSummary']}" for v in result["violations"]]
    assert not problems, "\n".join(problems)


# Material animates colours, arrows and the header on focus and scroll (CSS transitions): each Tab
# on a long page then costs several frames of paint. Readers who ask for reduced motion get the
# same page without transitions (Material's only reduced-motion rule), so focus order, what Enter
# opens and which figure each scheme shows stay the same: every page's browser test runs that way.
def without_transitions(page):
    page.emulate_media(reduced_motion="reduce")
    assert page.evaluate("matchMedia('(prefers-reduced-motion: reduce)').matches")


def keyboard_reaches_search_palette_and_every_answer(page):
    """As a keyboard reader: on the page's first stop, the skip link, Enter jumps past the
    navigation to the content; Tab then goes through the content, opening every collapsible block
    with Enter, to the end of the page and round to its top, then through the header to the search
    box and the palette toggle (Enter switches it).

    The walk runs with a blank tab opened in front of the page: Chromium then draws the page far
    less often (measured, the whole machine's CPU time for the walk: 7.2 -> 3.7 s on backprop,
    53 -> 15 s on the question bank), and what the walk checks (where focus goes, what Enter opens
    and switches) does not depend on drawing. The checks that do (axe, figures) run before it,
    with the page in front; a test below shows the walk still failing on a block Tab skips, a
    key trap and a broken skip link."""
    in_front = page.context.new_page()
    try:
        _walk(page)
    finally:
        in_front.close()


def _walk(page):
    without_transitions(page)
    summaries = page.locator("article details > summary").count()
    skip = page.locator("a.md-skip")
    assert skip.count() == 1, "no skip link to the content"
    skip.focus()  # the first stop, whatever was clicked or focused before
    page.keyboard.press("Enter")
    reached = {"search": False, "palette": False}
    opened, rounds = 0, 0
    # Enough presses to pass every element Tab can stop at, those inside closed blocks included
    # (they are reached once their block is opened): the question bank has over 600.
    stops = page.evaluate("""document.querySelectorAll('a[href], summary, input, select, button, textarea, '
                          + '[tabindex]:not([tabindex="-1"])').length""")
    for presses in range(max(600, stops + 100)):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => { const e = document.activeElement, stuck = e === window.__walkAt;
            window.__walkAt = e;
            return {tag: e.tagName, cls: e.className || '', name: e.name || '', stuck,
                    inArticle: !!e.closest('article'), open: e.parentElement.open}; }""")
        assert not info["stuck"], f"Tab did not move the focus on from {info}: a key trap"
        if presses == 0:
            assert info["inArticle"], f"the skip link did not lead to the content: Tab went to {info}"
        if "md-search__input" in info["cls"]:
            reached["search"] = True
        if info["name"] == "__palette" and not reached["palette"]:
            reached["palette"] = True
            before = palette_checked(page)
            page.keyboard.press("Enter")  # the toggle works from the keyboard
            assert palette_checked(page) != before
        if info["tag"] == "SUMMARY" and info["inArticle"] and not info["open"]:
            page.keyboard.press("Enter")
            assert page.evaluate("document.activeElement.parentElement.open"), "Enter did not open it"
            opened += 1
        rounds += info["tag"] == "BODY"  # past the end of the page, before its top
        if rounds == 2 or (opened == summaries and all(reached.values())):
            break
    assert reached == {"search": True, "palette": True}
    assert opened == summaries, f"opened {opened} of {summaries} collapsible blocks with the keyboard"


def switch_to_dark(page):
    """The reader's system turns dark after the page loaded: the palette ("system" by default) follows."""
    page.emulate_media(color_scheme="dark")
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'", timeout=5_000)


# The question bank repeats the interview questions of every topic page, and each of them is
# checked on its own page (axe in both schemes, the keyboard walk). So, as the course page is
# (tests/test_print.py), the bank is checked whole where that is cheap (every formula rendered,
# no id twice, every figure in its scheme's variant), then cut to its own parts (the filter, the
# heading of every part and page) and the questions of three topic pages for the rest: on the
# whole bank, axe and the walk took about 50 s of CPU, on the cut one about 10.
BANK = "questions/"
KEEP_THREE_PAGES_OF_QUESTIONS = """() => {
    const pages = [...document.querySelectorAll('.question-bank__page')];
    const kept = [pages[0], pages[1], pages[pages.length - 1]];
    pages.filter(p => !kept.includes(p)).forEach(p => p.querySelectorAll('details.question').forEach(d => d.remove()));
    return kept.map(p => p.querySelectorAll('details.question').length); }"""


@pytest.mark.parametrize("path", PAGES)
def test_page_in_browser(page, site_url, path):
    """One load, light then dark: axe and renders cleanly in each scheme, then the keyboard walk
    (last: it leaves answers open and focus anywhere, the search box included)."""
    open_page(page, site_url, path)
    # No colour transitions (see without_transitions), so axe in dark reads the dark colours at once.
    without_transitions(page)
    def cut_the_bank():
        kept = page.evaluate(KEEP_THREE_PAGES_OF_QUESTIONS)
        assert len(kept) == 3 and min(kept) > 0, kept

    whole_bank = [("light: renders cleanly, the whole bank", lambda: renders_cleanly(page, "light", path)),
                  ("cut to three pages of questions", cut_the_bank)] if path == BANK else []
    # axe in light first, on the page as loaded and measured: the image checks scroll, which lays
    # out blocks with content-visibility anew, and math-scroll.js measures their formulas only
    # later (a wide formula's keyboard scrolling is among the rules). In dark axe checks colours
    # only, which scrolling does not change.
    checks = whole_bank + [
        ("light: axe", lambda: axe_finds_no_violation(page, "light")),
        ("light: renders cleanly", lambda: renders_cleanly(page, "light", path)),
        ("switch to dark", lambda: switch_to_dark(page)),
        ("dark: axe", lambda: axe_finds_no_violation(page, "dark", one_of_each_look=True)),
        ("dark: renders cleanly", lambda: renders_cleanly(page, "dark", path)),
        ("keyboard", lambda: keyboard_reaches_search_palette_and_every_answer(page))]
    failed = []
    for name, check in checks:
        try:
            check()
        except Exception as exc:  # noqa: BLE001 - reported below with the other failing checks
            exc.add_note(f"(check: {name})")
            failed.append((name, exc))
    if failed:
        raise ExceptionGroup(f"{path or 'home'}: {', '.join(n for n, _ in failed)} failed",
                             [exc for _, exc in failed])


def test_the_palette_toggle_cycles_its_three_choices_and_the_figures_follow(page, site_url):
    """System -> light -> dark -> system, by clicks: the scheme, and with it every figure, follows."""
    open_page(page, site_url, "probability/")  # a figure in a deep dive too
    without_transitions(page)
    page.emulate_media(color_scheme="dark")  # the reader's system is dark: "system" shows dark
    toggle = page.locator("form[data-md-component=palette] label:not([hidden])")
    seen = []
    for _ in range(3):
        toggle.click()
        scheme = page.evaluate("document.body.dataset.mdColorScheme")
        seen.append((palette_checked(page), scheme))
        figures_follow_the_scheme(page, "dark" if scheme == "slate" else "light")
    # The choices in mkdocs.yml's order: system (0), light (1), dark (2); system follows the reader's.
    assert seen == [(1, "default"), (2, "slate"), (0, "slate")]


# Each change gives one paragraph, or its link, in the last answer with a link in its text, a
# look of its own whose contrast fails.
FAINT = {
    "faint-text": "p => p.style.color = '#454a5c'",
    "light-background": "p => p.style.background = '#c8ccd8'",
    "faint-link": "p => p.querySelector('a').style.color = '#454a5c'",
}


@pytest.mark.parametrize("change", FAINT.values(), ids=FAINT.keys())
def test_the_dark_run_finds_one_element_that_looks_unlike_the_rest(page, site_url, change):
    """The dark run checks one element of each look (ONE_OF_EACH_LOOK): one element on a long page,
    inside a closed answer, given a look of its own that fails, is found."""
    open_page(page, site_url, "backprop/")
    without_transitions(page)
    switch_to_dark(page)
    page.locator("article details.question p:has(> a)").last.evaluate(change)
    with pytest.raises(AssertionError, match="color-contrast"):
        axe_finds_no_violation(page, "dark", one_of_each_look=True)


# What a page could do to a keyboard reader, and what the walk (with its tab in front) says of it.
UNREACHABLE = {
    "a-block-tab-skips": ("() => { const s = [...document.querySelectorAll('article details > summary')]; "
                          "s[s.length - 2].tabIndex = -1; }", r"opened \d+ of \d+ collapsible blocks"),
    "a-key-trap": ("() => [...document.querySelectorAll('article a[href]')][3].addEventListener("
                   "'keydown', e => { if (e.key === 'Tab') e.preventDefault(); })", "a key trap"),
    "a-broken-skip-link": ("() => document.querySelector('a.md-skip').setAttribute('href', '#nowhere')",
                           "the skip link did not lead to the content"),
}


@pytest.mark.parametrize("change, says", UNREACHABLE.values(), ids=UNREACHABLE.keys())
def test_the_keyboard_walk_finds_what_a_keyboard_reader_cannot_reach(page, site_url, change, says):
    open_page(page, site_url, "forward-pass/")
    page.evaluate(change)
    with pytest.raises(AssertionError, match=says):
        keyboard_reaches_search_palette_and_every_answer(page)


def test_search_box_takes_typing_from_the_keyboard(page, site_url):
    open_page(page, site_url, "")
    for _ in range(10):
        page.keyboard.press("Tab")
        if "md-search__input" in page.evaluate("document.activeElement.className"):
            break
    page.keyboard.type("neuron", delay=20)
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/forward-pass/**")
