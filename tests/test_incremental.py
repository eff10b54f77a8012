"""Incremental builds: what is kept between builds is redone whenever an input changed.

The checker's cache (check_examples.check(cache=...)), the per-page memos of the contract and
notation checks, and, under `mkdocs serve`, the Markdown conversions and search entries
(render_cache.py). Each test compares with a clean run or breaks something after a cached good run.
"""
from __future__ import annotations

import importlib.util
import json
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import bench
import check_examples as ce
import notation
import page_contract
from conftest import MKDOCS_ENV, ROOT, break_a_number, copy_project

# ---------------------------------------------------------------------------
# Figures: one process (serve) redraws a stale figure from the snippets as they are now

REDRAW = """
import sys
from pathlib import Path
sys.path.insert(0, "scripts")
import make_figures
make_figures.build(Path("first"), log=print)
base = Path("snippets/base.py")
base.write_text(base.read_text().replace("VALUE = 1.0", "VALUE = 1.5"))  # imported by top.py via mid.py
make_figures.build(Path("first"), log=print)
"""


def test_a_figure_redrawn_in_the_same_process_uses_the_edited_snippet(tmp_path):
    from test_figures import run_make_figures, scratch_figures

    project = scratch_figures(tmp_path)
    result = subprocess.run([sys.executable, "-c", REDRAW], cwd=project, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("make_figures: drew") == 2 and "(chain)" in result.stdout
    run_make_figures(project)  # a fresh process draws into project/out
    assert (project / "first" / "chain.svg").read_bytes() == (project / "out" / "chain.svg").read_bytes()
