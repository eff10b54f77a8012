"""One run of a notebook per test run, shared by its tests, and the test every notebook has.

A notebook's test module names its notebook and the variables it reads, and imports these two:

    from notebook_run import run, test_same_outputs_as_the_build  # noqa: F401

    NOTEBOOK = "digits-mlp"             # notebooks/digits-mlp.py
    RESULTS = ["test_accuracy"]         # variables of the notebook, read after its last cell

``run.values["test_accuracy"]`` is the value (NumPy values as numbers and lists), ``run.nb`` the
executed notebook. The notebook runs once from a clean kernel, shared by every pytest-xdist worker:
the first worker that needs it executes it, the others wait for it and read its results.
``test_same_outputs_as_the_build`` compares that run with the build's: the same text, the same figures.
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import json
from types import SimpleNamespace

import nbformat
import pytest

import notebooks


@pytest.fixture(scope="module")
def run(request, tmp_path_factory):
    name, wanted = request.module.NOTEBOOK, list(request.module.RESULTS)
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if hasattr(request.config, "workerinput") else base
    out = shared / f"notebook-{name}"
    with open(shared / f"notebook-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (out / "values.json").exists():
            try:
                nb, values = notebooks.execute(name, probe=wanted)
            except notebooks.NotebookError as exc:
                pytest.fail(str(exc), pytrace=False)
            out.mkdir(exist_ok=True)
            nbformat.write(nb, str(out / "executed.ipynb"))
            (out / "values.json").write_text(json.dumps(values))
    values = json.loads((out / "values.json").read_text())
    missing = [v for v in wanted if v not in values]
    assert not missing, f"{name}: the run did not read {missing}"
    return SimpleNamespace(name=name, values=values, nb=nbformat.read(str(out / "executed.ipynb"), as_version=4))



def _figures(nb) -> list[str]:
    return [hashlib.sha256(base64.b64decode(out["data"]["image/png"])).hexdigest()[:12]
            for cell in nb.cells if cell.cell_type == "code"
            for out in cell.get("outputs", []) if "image/png" in out.get("data", {})]


def test_same_outputs_as_the_build(run):
    """This test run's clean-kernel run and the build's (cached) one print and draw the same."""
    built = notebooks.read_executed(notebooks.executed(run.name))
    assert notebooks.text_outputs(run.nb) == notebooks.text_outputs(built), \
        f"{run.name}: printed outputs differ between two runs: is something not seeded?"
    assert _figures(run.nb) == _figures(built), f"{run.name}: figures differ between two runs"
