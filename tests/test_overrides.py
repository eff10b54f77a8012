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


def test_toc_partial_adds_only_the_report_and_edit_links():
    ours = (ROOT / "overrides" / "partials" / "toc.html").read_text()
    theirs = (UPSTREAM / "partials" / "toc.html").read_text()
    body = lambda text: text.split("-#}\n", 1)[1]  # noqa: E731 - drop the header comment
    end = "</nav>\n"
    assert body(theirs).endswith(end)
    head = body(theirs)[:-len(end)]
    assert body(ours).startswith(head) and body(ours).endswith(end)
    added = body(ours)[len(head):-len(end)].strip()
    assert added.startswith("{% if page.meta and page.meta.report_url %}") and "report-link" in added
    assert added.endswith("{% endif %}")


def test_source_partial_fetches_no_repository_facts():
    ours = (ROOT / "overrides" / "partials" / "source.html").read_text()
    theirs = (UPSTREAM / "partials" / "source.html").read_text()
    component = ' data-md-component="source"'
    assert component in theirs, "Material changed its source partial: redo overrides/partials/source.html"
    assert ours == theirs.replace(component, "")


def test_every_override_replaces_an_existing_material_template():
    for path in (ROOT / "overrides").rglob("*.html"):
        rel = path.relative_to(ROOT / "overrides")
        assert (UPSTREAM / rel).is_file(), f"{rel} overrides nothing in Material"
