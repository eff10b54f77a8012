"""Theme overrides stay in step with the pinned Material for MkDocs."""
from __future__ import annotations

from pathlib import Path

import material

from conftest import ROOT

UPSTREAM = Path(material.__file__).parent / "templates"


def test_search_partial_differs_from_material_only_by_the_dialog_name():
    ours = (ROOT / "overrides" / "partials" / "search.html").read_text()
    theirs = (UPSTREAM / "partials" / "search.html").read_text()
    dialog = '<div class="md-search" data-md-component="search" role="dialog">'
    named = dialog[:-1] + " aria-label=\"{{ lang.t('search') }}\">"
    assert dialog in theirs, "Material changed its search partial: redo overrides/partials/search.html"
    body = lambda text: text.split("-#}\n", 1)[1]  # noqa: E731 - drop the header comment
    assert body(ours) == body(theirs).replace(dialog, named)


def test_every_override_replaces_an_existing_material_template():
    for path in (ROOT / "overrides").rglob("*.html"):
        rel = path.relative_to(ROOT / "overrides")
        assert (UPSTREAM / rel).is_file(), f"{rel} overrides nothing in Material"
