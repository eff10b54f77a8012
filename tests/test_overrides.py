"""Theme overrides stay in step with the pinned Material for MkDocs."""
from __future__ import annotations

import json
import re
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


# What overrides/main.html (the search index loaded on demand) relies on in Material's bundle:
# exact lines of its TypeScript sources, read from the source map shipped with the pinned bundle.
LAZY_SEARCH_RELIES_ON = {
    # over HTTP the index comes from one XMLHttpRequest to search/search_index.json (held back) ...
    "bundle.ts": ['return requestJSON<SearchIndex>(\n      new URL("search/search_index.json", config.base)',
                  'if (location.protocol === "file:") {\n    return watchScript('],
    "browser/request/index.ts": ["const req = new XMLHttpRequest()", "req.send()"],
    # ... the worker is `new Worker(config.search)`, used only through "message" events and postMessage ...
    "components/search/_/index.ts": ["setupSearchWorker(config.search, index$)"],
    "browser/worker/index.ts": ["url: string, worker = new Worker(url)",
                                'fromEvent<MessageEvent<T>, T>(worker, "message", ev => ev.data)',
                                "send$.subscribe(data => worker.postMessage(data))"],
    # ... which gets the index once it arrives (from file:// only once the toggle is on) ...
    "integrations/search/worker/_/index.ts": ['of(location.protocol !== "file:"),\n    watchToggle("search")',
                                              "switchMap(() => index$)"],
    # ... opening search clicks the #__search toggle (a change event) ...
    "browser/toggle/index.ts": ["toggles[name].click()"],
    "components/search/query/index.ts": ['setToggle("search", focus)',
                                         # ... and the worker's "ready" re-runs the query already typed
                                         "worker$.pipe(first(isSearchReadyMessage))"],
}


def material_bundle() -> tuple[str, dict[str, str]]:
    """The pinned Material's bundle (minified) and its TypeScript sources from the source map."""
    base = (UPSTREAM / "base.html").read_text()
    name = re.search(r"'(assets/javascripts/bundle\.\w+\.min\.js)' \| url", base)
    assert name, "Material's base.html no longer loads assets/javascripts/bundle.*.min.js: redo overrides/main.html"
    bundle = UPSTREAM / name.group(1)
    js = bundle.read_text()
    source_map = re.search(r"sourceMappingURL=(\S+)", js)
    assert source_map and (bundle.parent / source_map.group(1)).is_file(), (
        f"Material no longer ships the source map of {bundle.name}: check by hand that overrides/main.html "
        f"still holds back the search index (see LAZY_SEARCH_RELIES_ON in this file)")
    data = json.loads((bundle.parent / source_map.group(1)).read_text())
    sources = {src.split("assets/javascripts/", 1)[-1]: text
               for src, text in zip(data["sources"], data["sourcesContent"]) if "assets/javascripts/" in src}
    return js, sources


def test_material_bundle_still_loads_search_the_way_the_lazy_search_override_expects():
    js, sources = material_bundle()
    for needle in ('new URL("search/search_index.json"', "new XMLHttpRequest", "new Worker("):
        assert needle in js, f"Material's bundle no longer contains {needle!r}: redo overrides/main.html"
    for path, needles in LAZY_SEARCH_RELIES_ON.items():
        assert path in sources, f"Material's bundle has no source {path} any more: redo overrides/main.html"
        for needle in needles:
            assert needle in sources[path], (
                f"Material changed {path}: overrides/main.html (search index on demand) relies on "
                f"{needle!r}; re-check it against the new bundle and update LAZY_SEARCH_RELIES_ON")


def test_main_template_puts_the_lazy_search_script_before_materials_bundle():
    theirs = (UPSTREAM / "base.html").read_text()
    for needle in ('id="__search"', '<script id="__config" type="application/json">',
                   '"search": "assets/javascripts/workers/search.',
                   "{% block scripts %}\n      <script src=\"{{ 'assets/javascripts/bundle."):
        assert needle in theirs, f"Material's base.html no longer has {needle!r}: redo overrides/main.html"
    assert theirs.index('id="__config"') < theirs.index("{% block scripts %}")
    ours = (ROOT / "overrides" / "main.html").read_text().split("-#}\n", 1)[1]
    assert ours.startswith('{% extends "base.html" %}\n{% block scripts %}\n  <script>\n')
    assert ours.endswith("  </script>\n  {{ super() }}\n{% endblock %}\n")
