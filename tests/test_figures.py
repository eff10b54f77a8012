"""Figures: drawn from the snippets, light and dark, byte-identical from run to run."""
from __future__ import annotations

import re

import make_figures
from conftest import ROOT


def test_figures_are_deterministic_and_come_in_pairs(tmp_path):
    first = make_figures.build(tmp_path / "a", force=True, log=lambda *_: None)
    second = make_figures.build(tmp_path / "b", force=True, log=lambda *_: None)
    assert first and sorted(first) == sorted(second)
    for name, path in first.items():
        assert path.read_bytes() == second[name].read_bytes(), f"{name} differs between runs"
        twin = name.replace("-dark.svg", ".svg") if name.endswith("-dark.svg") else \
            name.replace(".svg", "-dark.svg")
        assert twin in first, f"{name} has no light/dark twin"
    light, dark = first["forward-pass-network.svg"], first["forward-pass-network-dark.svg"]
    assert light.read_bytes() != dark.read_bytes()
    assert "#e6edf3" in dark.read_text() and "#1f2328" in light.read_text()


def test_stale_figures_are_redrawn_and_fresh_ones_are_not(tmp_path):
    messages = []
    make_figures.build(tmp_path, log=messages.append)
    assert messages and "drew" in messages[0]
    messages.clear()
    make_figures.build(tmp_path, log=messages.append)
    assert messages == []  # nothing changed, nothing drawn
    (tmp_path / "forward-pass-network.svg").unlink()
    make_figures.build(tmp_path, log=messages.append)
    assert messages and "drew" in messages[0]


def test_figure_sources_include_the_snippets_they_import():
    module = ROOT / "scripts" / "figure_defs" / "forward_pass.py"
    assert ROOT / "snippets" / "forward_pass.py" in make_figures.snippet_imports(module)


def test_every_figure_is_used_on_a_page_with_alt_text():
    pages = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs").rglob("*.md"))
    used = dict(re.findall(r"!\[([^\]]*)\]\(figures/([\w-]+\.svg)#only-(?:light|dark)\)", pages)[::-1])
    used = {src: alt for alt, src in re.findall(r"!\[([^\]]*)\]\(figures/([\w-]+\.svg)#", pages)}
    for name in make_figures.build(log=lambda *_: None):
        assert name in used, f"figure {name} is drawn but no page shows it"
        assert len(used[name]) > 40, f"figure {name} needs alt text that says what it shows"
