"""The site builds strictly, offline-clean, with the home page generated from the pages."""
from __future__ import annotations

import re

import pytest

import page_contract
from conftest import ROOT, topic_pages

pytestmark = pytest.mark.build
# A resource the browser would fetch (not a link the reader may follow, nor the page's canonical
# address, which nothing fetches) from another host.
EXTERNAL = re.compile(r"""<(?:script|img|link(?![^>]*\brel=["']canonical["'])|iframe|source|video|audio)\b"""
                      r"""[^>]*?\b(?:src|href)=["'](?:https?:)?//(?!127\.0\.0\.1)[^"']+""")


def test_external_finds_a_fetched_resource_and_passes_the_canonical_address():
    assert EXTERNAL.findall('<link rel="stylesheet" href="https://cdn.example/a.css">')
    assert EXTERNAL.findall('<script src="//cdn.example/a.js"></script>')
    assert not EXTERNAL.findall('<link rel="canonical" href="https://someone.github.io/site/">')
    assert EXTERNAL.findall('<link rel="canonical preload" href="https://cdn.example/a.css">')
    assert not EXTERNAL.findall('<a href="https://github.com/">GitHub</a>')


def test_every_page_is_built(built_site):
    for page in topic_pages():
        assert (built_site / page.stem / "index.html").is_file(), page


def test_no_page_loads_anything_from_another_host(built_site):
    for html in built_site.rglob("*.html"):
        leaks = [m.group(0) for m in EXTERNAL.finditer(html.read_text(encoding="utf-8"))]
        assert not leaks, f"{html.relative_to(built_site)} loads {leaks}"
    assert not list(built_site.rglob("*.html"))[0].read_text().count("fonts.googleapis")


def test_math_is_prerendered_and_its_assets_are_local(built_site):
    html = (built_site / "forward-pass" / "index.html").read_text(encoding="utf-8")
    assert html.count("<math") > 50 and "katex" not in html.lower() and "mathjax" not in html.lower()
    assert 'href="../assets/math/math.css"' in html
    assert '<link rel="preload" href="../assets/math/stix-two-math.woff2" as="font"' in html
    css = (built_site / "assets" / "math" / "math.css").read_text()
    fonts = set(re.findall(r"url\('([^')]+\.woff2)'\)", css))
    assert fonts == {"stix-two-math.woff2", "temml-primes.woff2"}
    for font in fonts:
        assert (built_site / "assets" / "math" / font).is_file(), font
    assert (built_site / "assets" / "math" / "OFL.txt").is_file()  # the font's licence travels with it


def test_the_math_font_covers_every_character_the_pages_draw(built_site):
    from fontTools.ttLib import TTFont

    import math_render

    cmap = TTFont(built_site / "assets" / "math" / "stix-two-math.woff2").getBestCmap()
    primes = TTFont(built_site / "assets" / "math" / "temml-primes.woff2").getBestCmap()
    for html in built_site.rglob("*.html"):
        chars = math_render.math_characters(html.read_text(encoding="utf-8"))
        missing = {c for c in chars if not c.isspace() and ord(c) not in cmap and ord(c) not in primes}
        assert not missing, f"{html.relative_to(built_site)}: the math font lacks {sorted(missing)}"


def test_pages_without_math_do_not_load_the_math_stylesheet(built_site):
    without = 0
    for html in built_site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        if "<math" not in text:
            without += 1
            assert "math.css" not in text and "stix-two-math" not in text, html
    assert without  # e.g. the licence page and 404


def test_home_page_lists_every_topic_page_in_reading_order(built_site):
    home = (built_site / "index.html").read_text(encoding="utf-8")
    for page in topic_pages():
        meta = page_contract.read_page(page).meta
        assert f'href="{page.stem}/">{meta["title"]}</a>' in home, page
    assert 'class="reading-order"' in home and home.count('class="reading-order__part"') >= 1
    table = home[home.index("<table>"):home.index("</table>")]
    assert table.count("<tr>") == len(topic_pages()) + 1
    assert table.count("<math") == len(topic_pages())


def test_worked_examples_show_the_snippet_that_checks_them(built_site):
    html = (built_site / "forward-pass" / "index.html").read_text(encoding="utf-8")
    assert "<code>snippets/forward_pass.py</code> → <code>worked_example()</code>" in html
    for page in built_site.rglob("*.html"):  # region markers are removed, block markers captioned
        text = page.read_text(encoding="utf-8")
        assert "&lt;!-- check:" not in text and "<!-- check:" not in text, page


def test_common_mistakes_show_the_snippet_that_checks_them(built_site):
    html = (built_site / "activations" / "index.html").read_text(encoding="utf-8")
    assert ('Every number in this box is computed by <code>snippets/activations.py</code> → '
            '<code>mistake_np_max()</code>') in html


def test_snippet_sections_are_included_without_marker_lines(built_site):
    html = (built_site / "forward-pass" / "index.html").read_text(encoding="utf-8")
    assert "--8&lt;--" not in html and "--8<--" not in html
    assert '<span class="nf">mlp_forward</span>' in html


def test_figures_are_served_in_both_variants(built_site):
    html = (built_site / "forward-pass" / "index.html").read_text(encoding="utf-8")
    for name in ("forward-pass-network", "forward-pass-universal"):
        assert f'src="../figures/{name}.svg#only-light"' in html
        assert f'src="../figures/{name}-dark.svg#only-dark"' in html
        assert (built_site / "figures" / f"{name}-dark.svg").is_file()
