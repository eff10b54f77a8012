"""The notebooks' machinery: running them (scripts/notebooks.py) and their pages (scripts/notebook_page.py).

Each notebook's own results are tested in tests/notebooks/, one module per notebook.
"""
from __future__ import annotations

import base64
import json
import re
import struct
import subprocess
import sys
import zlib

import nbformat
import pytest

import notebook_page
import notebooks
from conftest import ROOT, copy_project, notebook_pages

SOURCES = notebooks.sources()


# --- every notebook is tested ---------------------------------------------------------------------

@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_every_notebook_has_a_test_module_that_runs_it_twice(source):
    module = ROOT / "tests" / "notebooks" / f"test_{source.stem.replace('-', '_')}.py"
    assert module.is_file(), f"{source.name} has no tests: write {module.relative_to(ROOT)}"
    text = module.read_text(encoding="utf-8")
    assert f'NOTEBOOK = "{source.stem}"' in text
    assert "from notebook_run import run, test_same_outputs_as_the_build" in text, \
        f"{module.name} does not check that two runs give the same outputs"


def test_the_nav_lists_every_notebook():
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    listed = sorted(re.findall(r"notebooks/([\w-]+)\.ipynb", nav))
    assert listed == sorted(s.stem for s in SOURCES)


# --- running a notebook ---------------------------------------------------------------------------

def test_a_failing_cell_is_named_by_file_and_line(tmp_path):
    source = tmp_path / "broken.py"
    source.write_text("# %% [markdown]\n# # Broken\n\n# %%\nx = 1\n\n# %%\ny = x / 0\n", encoding="utf-8")
    with pytest.raises(notebooks.NotebookError) as err:
        notebooks.execute(source)
    assert str(err.value).startswith(f"{source}:7: a cell raised an error")
    assert "ZeroDivisionError" in str(err.value)


def test_probed_values_come_back_as_numbers_and_lists(tmp_path):
    source = tmp_path / "probe.py"
    source.write_text("# %%\nimport numpy as np\nw = np.arange(3) * 0.5\nn = np.int64(7)\n", encoding="utf-8")
    nb, values = notebooks.execute(source, probe=["w", "n"])
    assert values == {"w": [0.0, 0.5, 1.0], "n": 7}
    assert [c.id for c in nb.cells] == ["cell-1"]  # the probe cell is not kept
    assert nb.metadata["kernelspec"]["name"] == "python3"


def test_the_cache_key_follows_the_notebook_the_snippets_it_imports_and_the_data(tmp_path, monkeypatch):
    snippets = tmp_path / "snippets"
    (snippets / "data").mkdir(parents=True)
    (snippets / "top.py").write_text("from base import A\n")
    (snippets / "base.py").write_text("A = 1\n")
    (snippets / "unused.py").write_text("B = 1\n")
    (snippets / "data" / "words.txt").write_text("one two\n")
    monkeypatch.setattr(notebooks, "SNIPPETS", snippets)
    source = tmp_path / "n.py"
    source.write_text("# %%\nfrom top import A\nx = 1\n", encoding="utf-8")
    keys = [notebooks.fingerprint(source)]

    def changed(path, text: str) -> bool:
        path.write_text(text)
        keys.append(notebooks.fingerprint(source))
        return keys[-1] != keys[-2]

    assert changed(source, "# %%\nfrom top import A\nx = 2\n")
    assert changed(snippets / "base.py", "A = 2\n")  # imported through top.py
    assert changed(snippets / "data" / "words.txt", "one two three\n")  # a snippet may read it
    assert not changed(snippets / "unused.py", "B = 2\n")  # the notebook does not import it


def test_a_copy_of_the_project_finds_its_notebooks_already_run(tmp_path, project_builds):
    """The builds of the tests' project copies reuse the project's executed notebooks."""
    project = copy_project(tmp_path, project_builds)
    found = subprocess.run(
        [sys.executable, "-c", "import sys; sys.path[:0] = ['scripts', 'snippets']; import notebooks; "
         "print(*[notebooks.cached(s).is_file() for s in notebooks.sources()])"],
        cwd=project, capture_output=True, text=True, timeout=120)
    assert found.returncode == 0, found.stderr
    assert found.stdout.split() == ["True"] * len(SOURCES)


# --- the page -------------------------------------------------------------------------------------

def png(width: int, height: int) -> bytes:
    """A valid one-colour PNG of the given size."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\xff" * 3 * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def notebook_with_figures(*cells):
    nb = nbformat.v4.new_notebook()
    for source, count in cells:
        cell = nbformat.v4.new_code_cell(source)
        cell.outputs = [nbformat.v4.new_output("display_data", data={
            "image/png": base64.b64encode(png(4, 3)).decode(), "text/plain": "<Figure>"}) for _ in range(count)]
        nb.cells.append(cell)
    return nb


def test_figures_take_their_alt_text_and_size(tmp_path):
    source = tmp_path / "n.py"
    source.write_text("# %%\nplot()\n", encoding="utf-8")
    nb = notebook_with_figures(("# alt: A rising line.\nplot()", 1))
    figs, problems = notebook_page.figures(nb, source, "notebooks/n.py")
    assert problems == []
    assert [(f.alt, f.width, f.height, f.ext) for f in figs] == [("A rising line.", 4, 3, "png")]


def test_a_figure_without_alt_text_is_named_by_file_and_line(tmp_path):
    source = tmp_path / "n.py"
    source.write_text("# %%\nx = 1\n\n# %%\n# alt: one\nplot()\nplot()\n", encoding="utf-8")
    nb = notebook_with_figures(("x = 1", 0), ("# alt: one\nplot()\nplot()", 2))
    _, problems = notebook_page.figures(nb, source, "notebooks/n.py")
    assert len(problems) == 1
    assert problems[0].startswith("notebooks/n.py:5: this cell shows 2 figure(s) but gives 1 '# alt: …'")


MARKDOWN_CELL = ('<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput" '
                 'data-mime-type="text/markdown">{}</div>')


def rewrite(body, figs=(), pages=("losses.md",)):
    def page_link(uri, anchor):
        return f"../../{uri[:-3]}/" if uri in pages else None
    return notebook_page.rewrite(body, list(figs), page_link, "notebooks/n.py",
                                 "# %% [markdown]\n# See [it](../docs/nowhere.md).\n")


def test_the_page_keeps_no_inline_style_script_or_prompt():
    body = ('<style>.jp-Cell{color:red}</style><script src="https://cdn.example/mathjax.js"></script>'
            '<div class="jp-InputPrompt jp-InputArea-prompt">In [1]:</div>'
            '<div class="jp-RenderedText jp-OutputArea-output" data-mime-type="text/plain" tabindex="0"><pre>3</pre></div>')
    out, problems = rewrite(body)
    assert problems == []
    assert "<style" not in out and "<script" not in out and "In [1]" not in out and "tabindex" not in out
    assert "<pre>3</pre>" in out


def test_code_becomes_a_material_code_block():
    body = '<div class="highlight-ipynb hl-python"><pre><span></span><span class="n">x</span></pre></div>'
    out, _ = rewrite(body)
    assert out == '<div class="highlight"><pre><span></span><code><span class="n">x</span></code></pre></div>'


def test_markdown_math_becomes_arithmatex_markup_and_code_keeps_its_dollars():
    body = MARKDOWN_CELL.format("<p>Cost $a_i &lt; b$ and</p>\n<p>$$\n\\frac{1}{2}\n$$</p>"
                                "<p><code>price = $5</code> and $x$.</p>")
    out, _ = rewrite(body)
    assert '<span class="arithmatex">\\(a_i &lt; b\\)</span>' in out
    assert '<div class="arithmatex">\\[\\frac{1}{2}\\]</div>' in out
    assert "<code>price = $5</code>" in out
    assert '<span class="arithmatex">\\(x\\)</span>' in out


def test_links_to_page_sources_become_site_links_and_a_dead_one_is_named():
    out, problems = rewrite('<a href="../docs/losses.md#the-math">Losses</a> <a href="../docs/nowhere.md">x</a>')
    assert '<a href="../../losses/#the-math">Losses</a>' in out
    assert problems == ["notebooks/n.py:2: a markdown cell links to ../docs/nowhere.md, which is not a page "
                        "of the site: link to one of docs/*.md"]


def test_figures_become_lazy_files_with_their_alt_text():
    fig = notebook_page.Figure(png(4, 3), "png", 'Loss "falls"', 4, 3)
    body = '<img alt="No description has been provided for this image" class="" src="data:image/png;base64,AAAA"/>'
    out, problems = rewrite(body, [("f.png", fig)])
    assert problems == []
    assert out == ('<img class="nb-figure" src="f.png" alt="Loss &quot;falls&quot;" width="4" height="3" '
                   'loading="lazy" decoding="async">')
    _, problems = rewrite(body + body, [("f.png", fig)])
    assert problems == ["notebooks/n.py: the page shows more figures than the notebook has"]


# --- the built pages ------------------------------------------------------------------------------

ALT_COMMENT = re.compile(r"^# alt: (.+)$", re.M)


@pytest.mark.build
@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_built_page_is_the_sites_own_with_every_figure_described(built_site, source):
    html = (built_site / "notebooks" / source.stem / "index.html").read_text(encoding="utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    assert "<style" not in article and "<script" not in article
    assert "cdn" not in html.lower() and "mathjax" not in html.lower() and "require.js" not in html
    # The alt texts are the source's '# alt:' comments (read here with the test's own pattern), in order.
    alts = re.findall(r'<img class="nb-figure" src="[\w.]+" alt="([^"]*)"', article)
    expected = [a.strip() for a in ALT_COMMENT.findall(source.read_text(encoding="utf-8"))]
    assert alts == [a.replace('"', "&quot;").replace("'", "&#x27;") for a in expected]
    # Markdown math is MathML; no $ left around formulas in the prose.
    if "$" in "".join(c.source for c in nbformat.read(str(notebooks.executed(source)), as_version=4).cells
                      if c.cell_type == "markdown"):
        assert "<math" in article


@pytest.mark.build
@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_the_download_is_the_executed_notebook(built_site, source):
    data = json.loads((built_site / notebooks.DOWNLOADS / f"{source.stem}.ipynb").read_text(encoding="utf-8"))
    code = [c for c in data["cells"] if c["cell_type"] == "code"]
    assert code and all(c["execution_count"] for c in code), "every code cell ran"
    assert any(c["outputs"] for c in code)
    html = (built_site / "notebooks" / source.stem / "index.html").read_text(encoding="utf-8")
    assert f'href="../../{notebooks.DOWNLOADS}/{source.stem}.ipynb" download=' in html


def test_every_notebook_page_is_in_the_browser_tests():
    assert notebook_pages() == [f"notebooks/{s.stem}/" for s in SOURCES]


@pytest.mark.build
def test_the_home_page_links_every_notebook(built_site):
    home = (built_site / "index.html").read_text(encoding="utf-8")
    article = home[home.index('id="hands-on-notebooks"'):home.index("</article>")]
    assert sorted(set(re.findall(r'href="notebooks/([\w-]+)/"', article))) == sorted(s.stem for s in SOURCES)
