"""Tests of scripts/html_lint.py on small HTML fragments and on the built site."""
from __future__ import annotations

import html_lint


def test_clean_fragment_passes():
    html = ('<div class="admonition note"><p class="admonition-title">Note</p><p>Body</p></div>'
            '<details class="question"><summary>Q?</summary><p>A.</p></details>'
            '<math><semantics><mfrac><mn>1</mn><mn>2</mn></mfrac><annotation>\\frac{1}{2}</annotation>'
            '</semantics></math><img src="a.svg" alt="a chart">')
    assert html_lint.lint_html(html) == []


def test_raw_tex_in_code_block_is_found():
    problems = html_lint.lint_html("<pre><code>\\[ x = 1 \\]</code></pre>")
    assert len(problems) == 1 and "raw TeX" in problems[0] and "code block" in problems[0]


def test_raw_tex_in_text_and_unrendered_math_are_found():
    assert any("raw TeX" in p for p in html_lint.lint_html("<p>so $$x$$ here</p>"))
    assert any("unrendered" in p for p in html_lint.lint_html('<span class="arithmatex">x</span>'))


def test_empty_admonition_and_details_are_found():
    html = ('<div class="admonition note"><p class="admonition-title">Note</p></div>'
            '<details class="question"><summary>Q?</summary></details>')
    problems = html_lint.lint_html(html)
    assert len(problems) == 2 and all("empty admonition" in p for p in problems)


def test_nested_admonition_counts_as_content():
    html = ('<div class="admonition example"><p class="admonition-title">E</p>'
            '<div class="admonition note"><p class="admonition-title">N</p><p>x</p></div></div>')
    assert html_lint.lint_html(html) == []


def test_math_error_and_missing_alt_are_found():
    problems = html_lint.lint_html('<math><merror><mtext>bad</mtext></merror></math><img src="f.svg">')
    assert any("math error" in p for p in problems) and any("no alt text" in p for p in problems)


def test_a_formula_with_a_colour_of_its_own_is_found():
    for attrs in ('mathcolor="red"', 'mathbackground="#ff0"', 'style="color: #c00"', 'style="background:#eee"'):
        problems = html_lint.lint_html(f'<p>so <math><mrow><mi {attrs}>x</mi></mrow></math></p>')
        assert len(problems) == 1 and "a formula sets its own colour" in problems[0], attrs
    assert html_lint.lint_html('<math><mi style="padding-left: 0.2em">x</mi></math>') == []
    assert html_lint.lint_html('<p style="color: red">not a formula</p>') == []


def test_a_formula_read_quickly_keeps_line_numbers_and_fills_its_box():
    # Formulas with nothing to report are read as an empty <math> keeping their lines.
    formula = '<math display="block">\n<mrow>\n<mi>x</mi>\n</mrow>\n<annotation>x</annotation>\n</math>'
    html = f'<details class="question"><summary>Q?</summary>{formula}</details>\n<img src="f.svg">'
    assert html_lint.lint_html(html) == ["line 7: <img src='f.svg'> has no alt text"]
    coloured = formula.replace("<mi>", '<mi mathcolor="red">')
    assert html_lint.lint_html(f"<p>\n{coloured}</p>") == [
        'line 4: a formula sets its own colour (mathcolor="red"): drop the colour, formulas draw in '
        'the colours of the text around them']
    assert html_lint.lint_html('<math><mi>\\frac</mi></math>')[0].startswith("line 1: raw TeX")


def test_built_site_is_clean(built_site):
    assert html_lint.lint_site(built_site) == []


def test_table_headers_need_words():
    message = ("line 1: a table header cell without words: name the column in words, "
               "e.g. | input $z$ |, not | $z$ |")
    assert html_lint.lint_html("<table><thead><tr><th></th><th>b</th></tr></thead></table>") == [message]
    only_math = '<table><tr><th><math><mi>z</mi></math></th></tr></table>'
    assert html_lint.lint_html(only_math) == [message]
    named = ('<table><thead><tr><th>input <math><mi>x</mi></math></th><th>b</th>'
             '<th aria-label="row">  </th></tr></thead></table>')
    assert html_lint.lint_html(named) == []


def test_a_title_outside_any_admonition_is_not_a_crash():
    assert html_lint.lint_html('<p class="admonition-title">stray</p><p>text</p>') == []
