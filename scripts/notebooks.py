#!/usr/bin/env python3
"""The hands-on notebooks: execute ``notebooks/*.py`` from a clean kernel, cached by content.

A notebook's source is a jupytext percent-format ``.py`` file (reviewable in git); its cells import
the site's tested functions from ``snippets/``. :func:`executed` runs it in a fresh Python kernel
(cells run in ``notebooks/``, as in Jupyter) and keeps the executed ``.ipynb``, outputs and figures
included, in ``.cache/notebooks/`` under a hash of everything the run depends on (the notebook, the
snippets it imports, the pinned packages and this file): an unchanged notebook is never run twice, so
``mkdocs serve`` stays fast. A cell that raises stops the run with :class:`NotebookError`, naming
the ``.py`` file and line of the cell.

Standalone:
  python scripts/notebooks.py              execute every notebook (cached) and write notebooks/<name>.ipynb
  python scripts/notebooks.py --check NAME  run NAME from a clean kernel (no cache), print its outputs
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
SNIPPETS = ROOT / "snippets"
CACHE = ROOT / ".cache" / "notebooks"
TIMEOUT = 300  # seconds a single cell may take
KERNEL = "python3"
PUBLISHED = CACHE / "site"  # each executed notebook under its page's name, for mkdocs-jupyter
DOWNLOADS = "downloads/notebooks"  # where the built site offers each executed .ipynb
PROBE_MARK = "# probe: read by tests/notebooks"


class NotebookError(Exception):
    """A notebook that cannot be read or whose cell raised; the message names file and line."""


def sources() -> list[Path]:
    return sorted(NOTEBOOKS.glob("*.py"))


def source_of(name: str | Path) -> Path:
    path = Path(name)
    if path.suffix != ".py":
        path = NOTEBOOKS / f"{path.name}.py"
    if not path.is_file():
        known = ", ".join(p.stem for p in sources()) or "none"
        raise NotebookError(f"{path}: no such notebook (known: {known})")
    return path.resolve()


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def fingerprint(path: Path) -> str:
    """A hash of everything an execution depends on: change any of it and the notebook runs again.

    The snippets are those the notebook imports, directly or through other snippets (as for a
    figure), and every data file under ``snippets/`` (a snippet may read one): editing a snippet
    no notebook uses runs none of them again.
    """
    from make_figures import snippet_imports

    digest = hashlib.sha256()
    inputs = [path, Path(__file__).resolve(), ROOT / "requirements.txt", *snippet_imports(path, SNIPPETS)]
    inputs += sorted(p for p in SNIPPETS.rglob("*")
                     if p.is_file() and p.suffix != ".py" and "__pycache__" not in p.parts)
    for item in inputs:
        digest.update(_rel(item).encode() + b"\0")
        digest.update(item.read_bytes() if item.is_file() else b"")
    return digest.hexdigest()[:16]


def read(path: Path):
    """The notebook's cells (jupytext), each remembering the line of the .py file it starts on."""
    import jupytext

    text = path.read_text(encoding="utf-8")
    try:
        nb = jupytext.reads(text, fmt="py:percent")
    except Exception as exc:  # noqa: BLE001 - jupytext raises many kinds; the reader needs file and message
        raise NotebookError(f"{_rel(path)}:1: jupytext cannot read it as a percent-format notebook: {exc}") from None
    if not nb.cells:
        raise NotebookError(f"{_rel(path)}:1: no cells (cells start with a '# %%' line)")
    lines = text.splitlines()
    markers = [i + 1 for i, line in enumerate(lines) if line.startswith("# %%")]
    if len(markers) != len(nb.cells):  # a cell before the first marker (the header is not a cell)
        markers = [1] * (len(nb.cells) - len(markers)) + markers
    for cell, line in zip(nb.cells, markers):
        cell.metadata["source_line"] = line
    return nb


def execute(path: str | Path, probe: list[str] | None = None):
    """Run the notebook from a clean kernel; return it executed, and the probed variables' values.

    ``probe`` names variables of the notebook a test wants to read: a last cell (not kept in the
    returned notebook) prints them as JSON; NumPy values become numbers and lists.
    """
    import nbformat
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    path = source_of(path)
    nb = read(path)
    if probe:
        names = json.dumps(list(probe))
        nb.cells.append(nbformat.v4.new_code_cell(
            f"{PROBE_MARK}\nimport json as _json, numpy as _np\n"
            f"print(_json.dumps({{_k: _np.asarray(globals()[_k]).tolist() for _k in {names}}}))"))
    # IPC sockets, not TCP: nothing listens on the network (and the kernel has no warning to print).
    sockets = tempfile.TemporaryDirectory(prefix="notebook-kernel-")
    manager = KernelManager(kernel_name=KERNEL, transport="ipc", ip=str(Path(sockets.name) / "ipc"))
    client = NotebookClient(nb, km=manager, timeout=TIMEOUT, kernel_name=KERNEL, allow_errors=False,
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    try:
        with sockets:
            try:
                client.execute()
            finally:  # nbclient stops only the kernels it made itself
                if manager.has_kernel:
                    manager.shutdown_kernel(now=True)
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
        failing = next((c for c in nb.cells if c.cell_type == "code" and any(
            o.get("output_type") == "error" for o in c.get("outputs", []))), None)
        line = failing.metadata.get("source_line", 1) if failing is not None else 1
        summary = str(exc).strip().splitlines()
        tail = next((s for s in reversed(summary) if s.strip()), "the kernel stopped")
        raise NotebookError(f"{_rel(path)}:{line}: a cell raised an error when run from a clean kernel: "
                            f"{_ANSI.sub('', tail)}\n(run `python scripts/notebooks.py --check {path.stem}` "
                            "to see every output)") from None
    values = {}
    if probe:
        cell = nb.cells.pop()
        text = "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream")
        values = json.loads(text.strip().splitlines()[-1])
    # The same file from the same source: ids by position, no run times, no jupytext bookkeeping;
    # a kernelspec, so Jupyter opens the download with Python.
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i + 1}"
        cell.metadata.pop("source_line", None)
        cell.metadata.pop("execution", None)
    nb.metadata.pop("jupytext", None)
    nb.metadata["kernelspec"] = {"name": KERNEL, "display_name": "Python 3", "language": "python"}
    return nb, values


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def cached(path: Path) -> Path:
    """Where the executed notebook is kept for what it depends on now (it may not be there yet)."""
    return CACHE / f"{path.stem}-{fingerprint(path)}.ipynb"


def executed(path: str | Path) -> Path:
    """The executed .ipynb of a notebook, from the cache when nothing it depends on has changed."""
    import nbformat

    path = source_of(path)
    CACHE.mkdir(parents=True, exist_ok=True)
    target = cached(path)
    if not target.is_file():
        nb, _ = execute(path)
        partial = target.with_suffix(f".{os.getpid()}.tmp")  # two processes may run it at once
        nbformat.write(nb, str(partial))
        partial.replace(target)
        for old in CACHE.glob(f"{path.stem}-*.ipynb"):
            if old != target:
                old.unlink(missing_ok=True)
    return target


def read_executed(path: Path):
    import nbformat

    return nbformat.read(str(path), as_version=4)


def text_outputs(nb) -> list[str]:
    """Each code cell's text output, in order (what a reader sees printed; a figure's text stand-in left out)."""
    out = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        parts = []
        for o in cell.get("outputs", []):
            if o.get("output_type") == "stream":
                parts.append(o.get("text", ""))
            elif "data" in o and "text/plain" in o["data"] and not set(o["data"]) & {"image/png", "image/svg+xml"}:
                parts.append(o["data"]["text/plain"])
        out.append("".join(parts))
    return out


def main(argv: list[str] | None = None) -> int:
    import nbformat

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", metavar="NAME", help="run one notebook from a clean kernel and print its outputs")
    args = parser.parse_args(argv)
    try:
        if args.check:
            start = time.perf_counter()
            nb, _ = execute(args.check)
            for i, (cell, text) in enumerate(zip([c for c in nb.cells if c.cell_type == "code"], text_outputs(nb))):
                images = sum("image/png" in o.get("data", {}) or "image/svg+xml" in o.get("data", {})
                             for o in cell.get("outputs", []))
                print(f"--- code cell {i + 1}" + (f" ({images} figure(s))" if images else ""))
                print(text.rstrip())
            print(f"ran in {time.perf_counter() - start:.1f} s")
            return 0
        for path in sources():
            start = time.perf_counter()
            cached = executed(path)
            out = NOTEBOOKS / f"{path.stem}.ipynb"
            nbformat.write(nbformat.read(str(cached), as_version=4), str(out))
            print(f"{_rel(out)} ({time.perf_counter() - start:.1f} s)")
    except NotebookError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
