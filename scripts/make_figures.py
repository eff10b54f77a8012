#!/usr/bin/env python3
"""Draw every figure of the site from the snippet functions, as light and dark SVG.

Each module ``scripts/figure_defs/<page>.py`` holds a dict ``FIGURES`` mapping a
figure name to a function ``draw(fig, palette)`` that draws on a fresh matplotlib
figure. For each name this writes ``<out>/<name>.svg`` (light) and
``<out>/<name>-dark.svg`` (dark), byte-identical from run to run.

A figure is redrawn only when its sources change: the figure module, this file,
and every snippet the module imports (``from forward_pass import ...``), directly
or through other snippets (``backprop.py`` imports ``derivatives.py``, which
imports ``forward_pass.py``), as recorded in ``<out>/manifest.json``. Imports are
found by reading the source (``ast``, each file parsed once per content), never by
running it; scripts/check_examples.py follows the same imports to know when a cached
transcript is stale. A stale figure imports its snippets afresh, so under
``mkdocs serve`` (one Python process across rebuilds) it draws the snippets as they are now.

    python scripts/make_figures.py             # draw what is stale into .cache/figures
    python scripts/make_figures.py --force     # redraw everything
"""
from __future__ import annotations

import argparse
import ast
import hashlib
import importlib.util
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFS = ROOT / "scripts" / "figure_defs"
SNIPPETS = ROOT / "snippets"
DEFAULT_OUT = ROOT / ".cache" / "figures"
SALT = "deep-learning-checked"


@dataclass(frozen=True)
class Palette:
    """Colours for one variant. Figure code uses these, never raw colour names."""

    name: str
    fg: str
    muted: str
    grid: str
    series: tuple[str, ...]
    fill: str


LIGHT = Palette("light", "#1f2328", "#57606a", "#d0d7de",
                ("#0969da", "#cf222e", "#1a7f37", "#8250df", "#bc4c00"), "#f6f8fa")
DARK = Palette("dark", "#e6edf3", "#9da7b3", "#3d444d",
               ("#58a6ff", "#ff7b72", "#3fb950", "#d2a8ff", "#ffa657"), "#161b22")


class FigureError(Exception):
    pass


def figure_modules() -> list[Path]:
    return sorted(p for p in DEFS.glob("*.py") if not p.name.startswith("_"))


_imported_names: dict[str, tuple[str, frozenset[str]]] = {}  # path -> (source hash, module names)


def imported_names(path: Path) -> frozenset[str]:
    """The top-level module names ``path`` imports, anywhere in the file (parsed once per content)."""
    source = path.read_bytes()
    digest = hashlib.sha256(source).hexdigest()
    known = _imported_names.get(str(path))
    if known is None or known[0] != digest:
        tree = ast.parse(source, filename=str(path))
        names = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
        known = _imported_names[str(path)] = (digest, frozenset(names))
    return known[1]


def direct_imports(path: Path, snippets: Path = SNIPPETS) -> set[Path]:
    """The snippet files that ``path`` names in an import statement, anywhere in the file."""
    return {snippets / f"{n}.py" for n in imported_names(path) if (snippets / f"{n}.py").is_file()}


def forget_snippet_modules(snippets: Path = SNIPPETS) -> None:
    """Drop the modules imported from ``snippets`` from ``sys.modules``.

    A module that imports a snippet (``from forward_pass import sigmoid``) then reads the file as
    it is now: ``mkdocs serve`` keeps one Python process across rebuilds, and without this a
    snippet edited since its first import would still run its old code.
    """
    folder = os.path.normcase(str(snippets.resolve()))
    names = {p.stem for p in snippets.glob("*.py")}  # also one of that name from another folder
    installed = tuple(os.path.normcase(os.path.abspath(p)) for p in {sys.prefix, sys.base_prefix})
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if not file:
            continue
        file = os.path.normcase(os.path.abspath(file))
        if os.path.dirname(file) == folder or (name in names and not file.startswith(installed)):
            del sys.modules[name]


def snippet_imports(module_path: Path, snippets: Path = SNIPPETS) -> list[Path]:
    """Every snippet file a module (a figure module, a snippet, a notebook) depends on: its
    imports, their imports, and so on.

    Follows the import graph from the module; each file is read once, so cycles end.
    """
    seen: set[Path] = set()
    todo = sorted(direct_imports(module_path, snippets))
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        todo.extend(sorted(direct_imports(path, snippets) - seen))
    return sorted(seen)


def source_hash(module_path: Path) -> str:
    h = hashlib.sha256()
    for path in [Path(__file__).resolve(), module_path, *snippet_imports(module_path)]:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    import matplotlib

    h.update(matplotlib.__version__.encode())
    return h.hexdigest()


def load_module(path: Path):
    for p in (str(SNIPPETS), str(DEFS.parent)):
        if p not in sys.path:
            sys.path.insert(0, p)
    forget_snippet_modules()  # the figure draws from the snippets as they are now
    spec = importlib.util.spec_from_file_location(f"_figures_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    figures = getattr(module, "FIGURES", None)
    if not isinstance(figures, dict) or not figures:
        raise FigureError(f"{path.relative_to(ROOT)}: define FIGURES = {{'name': draw_function, ...}}")
    return figures


def render(draw, palette: Palette, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    style = "default" if palette.name == "light" else "dark_background"
    with plt.style.context(style):
        plt.rcParams.update({
            "svg.hashsalt": SALT,  # fixed ids: identical bytes on every run
            "font.size": 11,
            "axes.edgecolor": palette.muted,
            "axes.labelcolor": palette.fg,
            "text.color": palette.fg,
            "xtick.color": palette.muted,
            "ytick.color": palette.muted,
            "grid.color": palette.grid,
            "axes.spines.top": False,  # the site's figure style: open axes, no box
            "axes.spines.right": False,
            "axes.prop_cycle": matplotlib.cycler(color=list(palette.series)),
            "figure.facecolor": "none",
            "axes.facecolor": "none",
            "savefig.facecolor": "none",
        })
        fig = plt.figure(figsize=(7.0, 3.6))
        try:
            draw(fig, palette)
            fig.savefig(path, format="svg", metadata={"Date": None}, transparent=True,
                        bbox_inches="tight")
        finally:
            plt.close(fig)


def build(out: Path = DEFAULT_OUT, force: bool = False, log=print) -> dict[str, Path]:
    """Draw stale figures. Returns {figure file name: path} for every figure (fresh or not)."""
    out.mkdir(parents=True, exist_ok=True)
    manifest_path = out / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    except json.JSONDecodeError:
        manifest = {}
    files: dict[str, Path] = {}
    drawn = 0
    redrawn: list[str] = []
    for module_path in figure_modules():
        key = module_path.stem
        digest = source_hash(module_path)
        entry = manifest.get(key, {})
        names = entry.get("names", [])
        fresh = (not force and entry.get("hash") == digest and names
                 and all((out / f"{n}{suffix}.svg").exists() for n in names for suffix in ("", "-dark")))
        if not fresh:
            figures = load_module(module_path)
            names = sorted(figures)
            for name in names:
                for palette, suffix in ((LIGHT, ""), (DARK, "-dark")):
                    try:
                        render(figures[name], palette, out / f"{name}{suffix}.svg")
                    except Exception as exc:  # noqa: BLE001 - reported with the figure's name
                        raise FigureError(
                            f"{module_path.relative_to(ROOT)}: figure {name!r} failed: "
                            f"{type(exc).__name__}: {exc}") from exc
                    drawn += 1
            manifest[key] = {"hash": digest, "names": names}
            redrawn.append(key)
        for n in names:
            for suffix in ("", "-dark"):
                files[f"{n}{suffix}.svg"] = out / f"{n}{suffix}.svg"
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True))
    if drawn:
        log(f"make_figures: drew {drawn} SVG files ({', '.join(redrawn)}) into {out}")
    return files


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Draw the site's figures (light and dark SVG).")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--force", action="store_true", help="redraw every figure")
    args = parser.parse_args(argv)
    try:
        files = build(args.out, args.force)
    except FigureError as exc:
        print(f"make_figures: {exc}", file=sys.stderr)
        return 1
    print(f"make_figures: {len(files)} SVG files up to date in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
