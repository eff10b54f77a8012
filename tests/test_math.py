"""Math is rendered as MathML at build time; invalid TeX fails with the page and the formula."""
from __future__ import annotations

import pytest

import math_render
from conftest import copy_project, mkdocs


def test_render_page_replaces_inline_and_display_math():
    html = ('<p><span class="arithmatex">\\(a &lt; b\\)</span></p>'
            '<div class="arithmatex">\\[\\frac{\\nocheck{1}}{2}\\]</div>')
    with math_render.MathRenderer() as r:
        out, count = math_render.render_page(html, r)
    assert count == 2 and "arithmatex" not in out
    assert out.count("<math") == 2 and out.count('display="block"') == 1
    assert '<div class="math-display"><div class="math-scroll"><math display="block"' in out
    assert "<mo>&lt;</mo>" in out  # HTML entities were unescaped before rendering
    assert "<mfrac><mn>1</mn><mn>2</mn></mfrac>" in out  # \nocheck{1} is just 1


def test_bold_and_double_struck_are_real_characters():
    """Chromium ignores mathvariant="bold": the letters themselves must be bold."""
    with math_render.MathRenderer() as r:
        out = r.render(r"\mathbf{x} + \boldsymbol{\delta} \in \R", display=False)
    assert "\U0001d431" in out and "\U0001d739" in out and "\u211d" in out  # 𝐱 𝜹 ℝ


def test_sized_brackets_get_no_operator_space():
    with math_render.MathRenderer() as r:
        out = r.render(r"\sigma\big(z\big) + \left(a\right)", display=False)
    assert out.count('<mo lspace="0em" rspace="0em"') == 2  # the two \big ones; \left( is a fence already
    assert 'stretchy="true">(</mo>' in out


def test_invalid_tex_raises_naming_the_formula():
    with math_render.MathRenderer() as r, pytest.raises(math_render.TexError, match=r"\\frac\{1\}"):
        math_render.render_page('<span class="arithmatex">\\(\\frac{1}\\)</span>', r)


def test_the_font_keeps_what_the_page_draws(tmp_path):
    from fontTools.ttLib import TTFont

    with math_render.MathRenderer() as r:
        html, _ = math_render.render_page(
            '<span class="arithmatex">\\(\\sqrt{x} + \\Big(\\sum_k y_k\\Big)\\)</span>', r)
    chars = math_render.math_characters(html)
    assert {"\u221a", "\U0001d465", "\u2211"} <= chars  # √ drawn by <msqrt>; x drawn italic
    font = TTFont(math_render.subset_font(chars, tmp_path / "m.woff2"))
    cmap = font.getBestCmap()
    assert all(ord(c) in cmap for c in chars if not c.isspace())
    assert ord("Q") not in cmap  # a subset, not the whole font
    variants = font["MATH"].table.MathVariants  # the big ( and ∑ keep their larger sizes
    vertical = set(variants.VertGlyphCoverage.glyphs)
    assert cmap[ord("(")] in vertical and cmap[ord("\u2211")] in vertical


@pytest.mark.build
def test_invalid_tex_fails_the_build_with_page_and_line(tmp_path, project_builds):
    project = copy_project(tmp_path, project_builds)  # the build fails at the math, after the figures
    page = project / "docs" / "forward-pass.md"
    text = page.read_text()
    marker = "## In plain English"
    line = text[: text.index(marker)].count("\n") + 1
    page.write_text(text.replace(marker, "Broken: $\\frac{1}{$ here.\n\n" + marker, 1))
    result = mkdocs("build", "--strict", cwd=project)
    assert result.returncode != 0
    assert f"docs/forward-pass.md:{line}: Temml cannot render" in result.stderr, result.stderr
    assert "\\frac{1}{" in result.stderr
