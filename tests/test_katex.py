"""Math is rendered at build time; invalid TeX fails with the page and the formula."""
from __future__ import annotations

import pytest

import katex_render
from conftest import copy_project, mkdocs


def test_render_page_replaces_inline_and_display_math():
    html = ('<p><span class="arithmatex">\\(a &lt; b\\)</span></p>'
            '<div class="arithmatex">\\[\\frac{\\nocheck{1}}{2}\\]</div>')
    with katex_render.KatexRenderer() as r:
        out, count = katex_render.render_page(html, r)
    assert count == 2 and "arithmatex" not in out
    assert out.count('class="katex"') == 2 and 'class="katex-display"' in out
    assert "<mo>&lt;</mo>" in out  # HTML entities were unescaped before rendering


def test_invalid_tex_raises_naming_the_formula():
    with katex_render.KatexRenderer() as r, pytest.raises(katex_render.TexError, match=r"\\frac\{1\}"):
        katex_render.render_page('<span class="arithmatex">\\(\\frac{1}\\)</span>', r)


@pytest.mark.build
def test_invalid_tex_fails_the_build_with_page_and_line(tmp_path):
    project = copy_project(tmp_path)
    page = project / "docs" / "forward-pass.md"
    text = page.read_text()
    marker = "## In plain English"
    line = text[: text.index(marker)].count("\n") + 1
    page.write_text(text.replace(marker, "Broken: $\\frac{1}{$ here.\n\n" + marker, 1))
    result = mkdocs("build", "--strict", cwd=project)
    assert result.returncode != 0
    assert f"docs/forward-pass.md:{line}: KaTeX cannot render" in result.stderr, result.stderr
    assert "\\frac{1}{" in result.stderr
