"""Each notebook run once per test run, from a clean kernel, for the tests of its key results.

A test module names its notebook and the variables it reads:

    NOTEBOOK = "digits-mlp"             # notebooks/digits-mlp.py
    RESULTS = ["test_accuracy"]         # variables of the notebook, read after its last cell

and takes the ``run`` fixture: ``run.values["test_accuracy"]`` (NumPy values as numbers and
lists), ``run.nb`` (the executed notebook). The run is shared by every pytest-xdist worker: the
first worker that needs it executes the notebook, the others wait for it and read its results.
"""
from __future__ import annotations

import fcntl
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
    return SimpleNamespace(values=values, nb=nbformat.read(str(out / "executed.ipynb"), as_version=4))
