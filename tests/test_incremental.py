"""Incremental builds: what is kept between builds is redone whenever an input changed.

The checker's cache (check_examples.check(cache=...)), the per-page memos of the contract and
notation checks, and, under `mkdocs serve`, the Markdown conversions and search entries
(render_cache.py). Each test compares with a clean run or breaks something after a cached good run.
"""
from __future__ import annotations

import importlib.util
import json
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
# The checker's cache, on a small project: page a uses inc_top.py, which imports inc_mid.py,
# which imports inc_base.py; page b uses inc_other.py.

SNIPPETS = {
    "inc_base.py": "VALUE = 0.25\n",
    "inc_mid.py": "from inc_base import VALUE\n\n\ndef doubled():\n    return 2 * VALUE\n",
    "inc_top.py": 'from inc_mid import doubled\n\n\ndef example():\n    return [("x", doubled()), ("n", 3)]\n',
    "inc_other.py": 'def example():\n    return [("z", 1.5)]\n',
}
PAGES = {
    "a.md": ("inc_top.py", "Twice the base is 0.5, and the count is 3."),
    "b.md": ("inc_other.py", "The value is 1.5."),
}


def checker_project(tmp_path: Path) -> Path:
    (tmp_path / "snippets").mkdir()
    (tmp_path / "docs").mkdir()
    for name, text in SNIPPETS.items():
        (tmp_path / "snippets" / name).write_text(text)
    for name, (snippet, body) in PAGES.items():
        (tmp_path / "docs" / name).write_text(
            f'# Page\n\n!!! example "Worked example: demo"\n\n    <!-- check: snippets/{snippet}:example -->\n\n'
            f"    {body}\n")
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{path.name} has no {old!r}"
    path.write_text(text.replace(old, new, 1))


@pytest.fixture
def calls(monkeypatch):
    """Which pages the checker analyses and which transcripts it runs."""
    seen = {"pages": [], "transcripts": []}
    analyse, run = ce.analyse_page, ce.run_transcript

    def analyse_page(page, text, rel, root=ce.ROOT):
        seen["pages"].append(Path(rel).name)
        return analyse(page, text, rel, root)

    def run_transcript(path, snippet, func):
        seen["transcripts"].append(f"{Path(snippet).name}:{func}")
        return run(path, snippet, func)

    monkeypatch.setattr(ce, "analyse_page", analyse_page)
    monkeypatch.setattr(ce, "run_transcript", run_transcript)
    return seen


def same_report(a: ce.Report, b: ce.Report) -> None:
    assert a.problems == b.problems
    assert a.summary() == b.summary() and a.by_page == b.by_page


def test_an_edited_page_alone_is_checked_again_and_the_report_equals_a_clean_one(tmp_path, calls):
    project = checker_project(tmp_path)
    cache = tmp_path / "cache"
    first = ce.check(project / "docs", project, cache=cache)
    assert first.problems == [] and calls["pages"] == ["a.md", "b.md"]
    calls["pages"].clear(), calls["transcripts"].clear()
    same_report(ce.check(project / "docs", project, cache=cache), first)
    assert calls == {"pages": [], "transcripts": []}  # nothing changed, nothing checked

    edit(project / "docs" / "b.md", "The value is 1.5.", "The value is 1.5, as before.")
    cached = ce.check(project / "docs", project, cache=cache)
    assert calls["pages"] == ["b.md"]
    assert calls["transcripts"] == []  # the page changed, its snippet did not
    calls["pages"].clear()
    same_report(cached, ce.check(project / "docs", project))  # a clean, uncached check
    assert calls["pages"] == ["a.md", "b.md"]


def test_the_cache_on_disk_serves_a_new_process(tmp_path, calls, monkeypatch):
    project = checker_project(tmp_path)
    cache = tmp_path / "cache"
    first = ce.check(project / "docs", project, cache=cache)
    monkeypatch.setattr(ce, "_stores", {})  # what a new process starts with
    calls["pages"].clear(), calls["transcripts"].clear()
    same_report(ce.check(project / "docs", project, cache=cache), first)
    assert calls == {"pages": [], "transcripts": []}
    assert len(list((cache / "check_examples" / "pages").glob("*.json"))) == 2


def test_a_change_two_imports_away_rechecks_the_pages_that_use_it(tmp_path, calls):
    project = checker_project(tmp_path)
    cache = tmp_path / "cache"
    assert ce.check(project / "docs", project, cache=cache).problems == []
    calls["pages"].clear(), calls["transcripts"].clear()
    # inc_top.py imports inc_mid.py, which imports inc_base.py: a's number is now wrong
    edit(project / "snippets" / "inc_base.py", "VALUE = 0.25", "VALUE = 0.3")
    report = ce.check(project / "docs", project, cache=cache)
    assert calls["pages"] == ["a.md"] and calls["transcripts"] == ["inc_top.py:example"]
    assert report.problems == [
        "docs/a.md:7: the example says 0.5, snippets/inc_top.py:x computes 0.60 (0.6 at 1 decimal) "
        "[number 1 of the example 'Worked example: demo']"]
    same_report(report, ce.check(project / "docs", project))
    # the failure was not stored: a rebuild finds it again
    calls["pages"].clear()
    assert ce.check(project / "docs", project, cache=cache).problems == report.problems
    assert calls["pages"] == ["a.md"]
    # and putting the value back is a cache hit again, passing
    edit(project / "snippets" / "inc_base.py", "VALUE = 0.3", "VALUE = 0.25")
    calls["pages"].clear(), calls["transcripts"].clear()
    assert ce.check(project / "docs", project, cache=cache).problems == []
    assert calls == {"pages": [], "transcripts": []}


def test_a_number_broken_after_a_cached_good_run_fails_the_check(tmp_path):
    project = checker_project(tmp_path)
    cache = tmp_path / "cache"
    assert ce.check(project / "docs", project, cache=cache).problems == []
    edit(project / "docs" / "a.md", "the count is 3", "the count is 4")
    for _ in range(2):  # and again: a failure is never stored
        problems = ce.check(project / "docs", project, cache=cache).problems
        assert problems == ["docs/a.md:7: the example says 4, snippets/inc_top.py:n computes 3 (an integer "
                            "must match exactly) [number 2 of the example 'Worked example: demo']"]


def test_a_snippet_that_disappears_fails_although_its_page_passed_before(tmp_path):
    project = checker_project(tmp_path)
    cache = tmp_path / "cache"
    assert ce.check(project / "docs", project, cache=cache).problems == []
    (project / "snippets" / "inc_other.py").unlink()
    problems = ce.check(project / "docs", project, cache=cache).problems
    assert problems == ["docs/b.md:5: snippets/inc_other.py does not exist: create it or fix the marker's path"]


@pytest.mark.build
def test_every_transcript_of_the_site_is_pure(built_site, project_builds):
    """The cache returns a transcript computed in an earlier build, perhaps in another order: a
    transcript must not depend on what ran before it in the same module. Here each snippet's
    functions run in a fresh module in the reverse of the order its pages name them, and give
    what the build computed (in the pages' order, or took from its cache)."""
    markers: dict[str, list[str]] = {}
    for page in sorted((ROOT / "docs").glob("*.md")):
        for match in filter(None, map(ce.MARKER.match, page.read_text().splitlines())):
            funcs = markers.setdefault(match.group("file"), [])
            if match.group("func") not in funcs:
                funcs.append(match.group("func"))
    assert len(markers) >= 10
    with project_builds.lock(), ce.caching(ROOT / ".cache" / "build"):  # no build writes it meanwhile
        built = {(snippet, f): ce.load_transcript(ROOT, snippet, f) for snippet, funcs in markers.items()
                 for f in funcs}
    for snippet, funcs in markers.items():
        path = ROOT / snippet
        spec = importlib.util.spec_from_file_location(f"_pure_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for f in funcs[::-1]:
            assert transcript(module, f) == built[snippet, f], f"{snippet}:{f}() depends on the order it is called in"


def transcript(module, func: str) -> list[tuple[str, float]]:
    result = getattr(module, func)()
    pairs = result.items() if isinstance(result, dict) else result
    return [pair for name, value in pairs for pair in ce.flatten(str(name), value)]


# ---------------------------------------------------------------------------
# The contract and notation checks keep each page's findings per text


def test_the_contract_check_sees_an_edit_of_a_page_it_has_seen(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "forward-pass.md").write_text((ROOT / "docs" / "forward-pass.md").read_text())
    assert page_contract.check(docs, tmp_path).problems == []
    assert page_contract.check(docs, tmp_path).problems == []
    edit(docs / "forward-pass.md", "## Key takeaways", "## Takeaways")
    problems = page_contract.check(docs, tmp_path).problems
    assert problems and "the ## sections must be, in order" in problems[0]


def test_the_notation_check_sees_an_edit_of_a_page_it_has_seen(tmp_path):
    from test_notation import project

    assert project(tmp_path).problems == []
    second = (tmp_path / "docs" / "second.md")
    edit(second, "We use $\\hat y = \\sigma(x)$", "We use $\\hat y = \\sigma(q)$")
    report, _ = notation.check(tmp_path / "docs", tmp_path)
    assert any("$q$ is not defined on any page" in p for p in report.problems), report.problems


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


# ---------------------------------------------------------------------------
# mkdocs serve: rebuilds in one process (render_cache.py) and the real server


def serve_builds(project: Path, *steps: tuple) -> list[dict]:
    """render_cache.py's serve-like builds of `project`, in a fresh process using its own scripts."""
    out = project / "builds.json"
    args = []
    for step in steps:
        args += [f"--{step[0]}", *step[1:]]
    result = subprocess.run([sys.executable, "scripts/render_cache.py", str(project), *args, "--json", str(out)],
                            cwd=project, env=MKDOCS_ENV, capture_output=True, text=True, timeout=900)
    assert out.is_file(), result.stderr[-3000:]
    return json.loads(out.read_text())


TITLE = "title: The neuron and the forward pass"
# A function the attention page includes from its snippet, which no notebook imports: saving it
# converts the pages that include it again and runs no notebook (tests/test_notebooks.py checks
# that a notebook runs again when a snippet it imports changes).
INCLUDED = "def attention(Q, K, V, M=None):"


@pytest.mark.build
def test_serve_rebuilds_write_exactly_what_a_fresh_build_writes(tmp_path, project_builds):
    """One serve-like process, save after save: each rebuild converts only what changed, a page
    left out of the nav and a link to a page that went away are reported, and after those failed
    builds the last one writes what a fresh build of the same files writes. (One process for all
    of it: each new process starts with a full build.)"""
    project = copy_project(tmp_path, project_builds)  # its first build draws and checks nothing
    (project / "docs" / "extra.md").write_text("---\ncontract: exempt\n---\n\n# Extra\n\nWords.\n")
    edit(project / "docs" / "licence.md", "# Licence and credit", "# Licence and credit\n\nSee [extra](extra.md).")
    licence = "  - Licence and credit: licence.md"
    edit(project / "mkdocs.yml", licence, licence + "\n  - extra.md")
    pages = len(list((project / "docs").glob("*.md")))
    steps = [("edit", "docs/forward-pass.md", TITLE, TITLE + " (edited)"),  # nav, prev/next, home index
             ("edit", "snippets/attention.py", INCLUDED, "# an included comment\n" + INCLUDED),
             ("edit", "mkdocs.yml", "\n  - extra.md", ""),
             ("delete", "docs/extra.md"),  # licence.md itself is unchanged (but the file list is not)
             ("edit", "docs/licence.md", "See [extra](extra.md).", "See the home page.")]
    builds = serve_builds(project, *steps)
    assert [b["failed"] for b in builds] == [False, False, False, True, True, False]
    assert f"{pages} pages converted, 0 unchanged pages reused" in builds[0]["summary"]
    for build in builds[1:3]:  # a few pages converted again, most reused
        converted = int(build["summary"].split("render_cache: ")[1].split(" ")[0])
        assert 1 <= converted <= pages // 2, build["summary"]
    assert builds[0]["files"]["forward-pass/index.html"] != builds[1]["files"]["forward-pass/index.html"]
    assert builds[1]["files"]["attention/index.html"] != builds[2]["files"]["attention/index.html"]
    assert any("omitted" in m or "not included in the \"nav\"" in m for m in builds[3]["messages"]), builds[3]
    assert any("licence.md" in m and "extra.md" in m and "not found" in m for m in builds[4]["messages"]), builds[4]

    fresh = serve_builds(project)[0]  # the edited project built anew in a new process
    differ = sorted(k for k in fresh["files"].keys() | builds[-1]["files"].keys()
                    if fresh["files"].get(k) != builds[-1]["files"].get(k))
    assert differ == []  # every page, the nav, the search index, the sitemap


@pytest.mark.build
def test_serve_reports_a_broken_number_and_recovers_on_the_next_good_save(tmp_path, project_builds):
    project = copy_project(tmp_path, project_builds)  # its first build draws and checks nothing
    page = project / "docs" / "forward-pass.md"
    good = page.read_text()
    port = bench.free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                                cwd=project, env=MKDOCS_ENV, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/forward-pass/"

    def served() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                return r.read().decode()
        except OSError:
            return ""

    def wait(condition, what: str, timeout: float = 240) -> None:
        end = time.time() + timeout
        while time.time() < end:
            if condition():
                return
            time.sleep(0.2)
        pytest.fail(f"mkdocs serve: {what} did not happen; its log:\n{log.read_text()[-4000:]}")

    try:
        wait(lambda: "The neuron and the forward pass" in served(), "the first build")
        wait(lambda: "Serving on" in log.read_text(), "serving")
        time.sleep(1.5)
        expected = break_a_number(project)
        wait(lambda: expected in log.read_text(), "reporting the broken number")
        assert "0.4364" not in served()  # the broken page is not served
        time.sleep(1.5)
        page.write_text(good.replace("# The neuron and the forward pass", "# The neuron and the forward pass again", 1))
        wait(lambda: "forward pass again" in served(), "serving the next good save")
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


# ---------------------------------------------------------------------------
# The math renderer lasts across serve rebuilds and closes when serve stops


class Renderer:
    """Stands in for the math renderer: counts how often it is closed."""

    closed = 0

    def close(self):
        self.closed += 1


def hooks_module():
    spec = importlib.util.spec_from_file_location("hooks_under_test", ROOT / "scripts" / "mkdocs_hooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("command", ["serve", "build"])
def test_the_math_renderer_lasts_across_serve_rebuilds_and_closes_on_shutdown(command):
    hooks = hooks_module()
    hooks.on_startup(command=command, dirty=False)
    renderer = hooks._state["renderer"] = Renderer()
    hooks.on_build_error(error=RuntimeError("a failed build"))
    if command == "serve":  # kept, with what it has rendered, for the next rebuild
        assert renderer.closed == 0 and hooks._state["renderer"] is renderer
        hooks.on_shutdown()
    assert renderer.closed == 1 and hooks._state["renderer"] is None


# ---------------------------------------------------------------------------
# The bench's copies are real topic pages


def test_bench_copies_are_topic_pages_that_pass_every_check(tmp_path):
    project = bench.scratch_copy(tmp_path)
    topics = len([p for p in (ROOT / "docs").glob("*.md") if not page_contract.read_page(p).exempt])
    copies = bench.add_topic_copies(project, 2 * topics)  # every page, those at the word limit too
    assert len(copies) == topics and all((project / "docs" / c).is_file() for c in copies)
    contract = page_contract.check(project / "docs", project)
    assert contract.problems == [] and contract.topic_pages == 2 * topics
    report, _ = notation.check(project / "docs", project)
    assert report.problems == [] and report.pages == 2 * topics
    checked = ce.check(project / "docs", project, pages=[project / "docs" / c for c in copies[:2]])
    assert checked.problems == [] and checked.numbers > 100
    # In the nav, the copies are a section of their own after the parts, before "Around the pages".
    order = notation.nav_parts(project)
    sections = [part for _, part in order]
    assert [md for md, part in order if part == bench.COPIES_SECTION] == copies
    assert sections.index(bench.COPIES_SECTION) > max(sections.index(p) for p in sections if p and p.startswith("Part "))
    assert sections.index(bench.COPIES_SECTION) < sections.index("Around the pages")


def test_bench_reports_save_to_serve_for_this_site_and_the_full_site():
    serve = {"samples_s": [0.5, 0.6, 0.4], "median_s": 0.5, "cpu_median_s": 0.38, "load": 4.6, "pages": 13,
             "copies": 0}
    full = {**serve, "samples_s": [1.9, 2.0, 1.7], "median_s": 1.9, "pages": 29, "copies": 16}
    table = bench.report_table({"build": {"total_s": 5.0, "warm_s": 3.8, "per_page_s": {"a.md": 0.1}},
                                "serve_reload": serve, "serve_reload_full": full})
    assert "| the same build again (every page's check cached) | 3.8 s |" in table
    assert "this site (13 pages), median of 3 (target 1.5 s) | 0.5 s (0.4–0.6; serve's CPU 0.38 s" in table
    assert "the full site (29 pages, 16 of them copies of topic pages)" in table
    assert "| 1.9 s **0.40 s over 1.5** (1.7–2.0;" in table

