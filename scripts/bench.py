#!/usr/bin/env python3
"""Measure the site: build time, edit-to-serve time, page weight, Lighthouse, test-suite stages.

Prints a table and writes bench.json. Figures, not pass/fail: where a target is missed the
table says by how much. With --update-readme the README's benchmark section is replaced.

    python scripts/bench.py                  # everything (about three minutes on 2 cores)
    python scripts/bench.py --skip lighthouse --skip tests
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
TARGETS = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}
PAGE_GZIP_KIB = 200  # a first visit, everything included
COURSE_PAGE = "print/"  # every topic page on one page, for printing: measured, held to no target
# Test files by stage of `make test`.
STAGES = [
    ("snippets", ("tests/snippets/", "tests/test_snippets.py")),
    ("checker and scripts", ("tests/test_check_examples.py", "tests/test_page_contract.py",
                             "tests/test_figures.py", "tests/test_math.py", "tests/test_html_lint.py",
                             "tests/test_overrides.py", "tests/test_notation.py", "tests/test_provenance.py",
                             "tests/test_scripts.py", "tests/test_mutation.py")),
    ("site build and caches", ("tests/test_build.py", "tests/test_incremental.py")),
    ("around the pages", ("tests/test_cheat_sheet.py", "tests/test_question_bank.py", "tests/test_glossary.py",
                          "tests/test_print.py")),
    ("notebooks", ("tests/notebooks/", "tests/test_notebooks.py")),
    ("browser", ("tests/test_browser.py", "tests/test_pages_in_browser.py", "tests/test_offline.py",
                 "tests/test_search.py")),
]
# How `make test` runs pytest (the Makefile's PYTEST_PARALLEL): one worker per core, each given the
# next test in tests/conftest.py's order when it is free.
PYTEST_PARALLEL = ["-n", "auto", "--dist", "load", "--maxschedchunk", "1"]
# Tests whose cost grows with the number of pages (node id prefixes), for the projection to the
# full site. The project builds grow too; they are timed apart. The rest costs the same at any size.
PER_PAGE = ("tests/test_pages_in_browser.py::test_page_in_browser",  # every page, light and dark
            "tests/snippets/", "tests/test_snippets.py",  # a snippet and its tests per topic page
            "tests/test_figures.py::test_figures_are_deterministic",  # draws every figure
            "tests/test_math.py::test_invalid_tex_fails_the_build",  # builds a copy of the site
            "tests/test_check_examples.py::test_a_wrong_digit_fails_the_mkdocs_build")  # checks a copy
FULL_SITE_TOPIC_PAGES = 26
TEST_TARGET_S = 600  # `make test` on 2 cores for the full site
STAGE_NAMES = [name for name, _ in STAGES] + ["other"]


def kib(n: float) -> str:
    return f"{n / 1024:.1f}"


# ---------------------------------------------------------------------------
# Build


def bench_build(site: Path) -> dict:
    """A clean build (empty .cache/build, the figures already drawn), then the same build again.

    Built in a scratch copy so the project's own .cache/build stays out of it; the second build
    finds every page's check in the cache, as a rebuild of an unchanged checkout does.
    """
    work = scratch_copy(Path(tempfile.mkdtemp(prefix="bench-build-")))
    if (ROOT / ".cache" / "figures").is_dir():
        shutil.copytree(ROOT / ".cache" / "figures", work / ".cache" / "figures")
    timings = site.parent / "page-seconds.json"
    totals = []
    try:
        for _ in range(2):
            start = time.perf_counter()
            result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
                                     "--site-dir", str(site)], cwd=work, capture_output=True, text=True,
                                    env={**ENV, "BENCH_TIMINGS": str(timings)})
            totals.append(time.perf_counter() - start)
            if result.returncode != 0:
                raise SystemExit(f"bench: the build failed:\n{result.stderr}")
            if len(totals) == 1:
                pages = json.loads(timings.read_text())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"total_s": round(totals[0], 2), "warm_s": round(totals[1], 2),
            "per_page_s": {k: round(v, 3) for k, v in sorted(pages.items())}}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


FULL_SITE_TOPICS = 26  # topic pages the site will have (issue 9): the serve bench projects to it
SERVE_TARGET_S = 1.5  # save a page -> mkdocs serve serves it, with the full site
COPIES_SECTION = "Bench copies (scratch only)"


def scratch_copy(work: Path) -> Path:
    """A copy of the project to build and edit in (sharing node_modules)."""
    for name in ("docs", "snippets", "scripts", "overrides", "notebooks"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, work / name, ignore=shutil.ignore_patterns("__pycache__", "*.ipynb"))
    for name in ("mkdocs.yml", "requirements.txt"):  # the notebooks' cache key includes the pins
        shutil.copy(ROOT / name, work / name)
    (work / "node_modules").symlink_to(ROOT / "node_modules")
    for cache in ("notebooks", "mkdocs-jupyter"):  # the notebooks run once, not once per copy
        if (ROOT / ".cache" / cache).is_dir():
            shutil.copytree(ROOT / ".cache" / cache, work / ".cache" / cache)
    return work


def add_topic_copies(work: Path, topics: int) -> list[str]:
    """Grow a scratch copy to ``topics`` topic pages with copies of its own topic pages.

    A copy costs what a real page costs: it is a full topic page in nav, passes every check (the
    checker runs its transcripts, the contract, notation and the HTML lint read it) and renders
    its math and figures. Only what the site-wide checks forbid twice is changed: the title, each
    interview question and each cheat-sheet label get a letter ("(copy b)"; a question's first word
    gets "Copyb" glued on instead, since its first six words are its id and two originals may share
    five; letters because the checker reads digits; the page's heading stays as it is, since its
    words count towards the core path's limit),
    and the copy introduces no symbols and no meanings within a part (it comes after the
    originals in reading order, so every symbol it uses is already defined; the copies share one
    nav section, where two parts' meanings of one letter would clash). Returns the copies' file
    names.
    """
    import page_contract

    docs = work / "docs"
    originals = [p for p in sorted(docs.glob("*.md")) if not page_contract.read_page(p).exempt]
    copies: list[str] = []
    k = 0
    while len(originals) + len(copies) < topics:
        source = originals[k % len(originals)]
        letter = "bcdefghijklmnopqrstuvwxyz"[k // len(originals)]
        text = source.read_text(encoding="utf-8")
        head, body = text[4:].split("\n---\n", 1)
        head = re.sub(r"^(?:part_)?symbols:\n(?:[ \t]+.*\n?)*", "", head + "\n", flags=re.M).rstrip("\n")
        head = re.sub(r"^title: (.*)$", rf"title: \1 (copy {letter})", head, count=1, flags=re.M)
        body = re.sub(r'^(\s*\?\?\?\+?\s+question\b[^"]*")', rf'\1Copy{letter}', body, flags=re.M)
        body = re.sub(r"^(\s*<!--\s*cheat:.*?)\s*-->\s*$", rf"\1 (copy {letter}) -->", body, flags=re.M)
        name = f"{source.stem}-copy-{letter}.md"
        (docs / name).write_text(f"---\n{head}\n---\n{body}", encoding="utf-8")
        copies.append(name)
        k += 1
    if copies:  # into nav after the originals (notation: reading order), before the last entries
        config = work / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        entries = "".join(f"      - {name}\n" for name in copies)
        after_parts = re.search(r"^  - Around the pages:$", text, flags=re.M)  # the nav's last section of topics ends here
        if after_parts is None:
            raise SystemExit("bench: mkdocs.yml's nav has no '  - Around the pages:' section to put the copies before")
        text = f"{text[:after_parts.start()]}  - {COPIES_SECTION}:\n{entries}{text[after_parts.start():]}"
        config.write_text(text, encoding="utf-8")
    return copies


def bench_serve_reload(repeats: int = 5, topics: int | None = None) -> dict:
    """Seconds from saving a page to `mkdocs serve` serving the new text (scratch copy).

    With ``topics``, the scratch copy first grows to that many topic pages (add_topic_copies).
    The first build of serve is not counted: each sample is a save while serve is running.
    """
    work = scratch_copy(Path(tempfile.mkdtemp(prefix="bench-serve-")))
    copies = add_topic_copies(work, topics) if topics else []
    port = free_port()
    log = work / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                                cwd=work, env=ENV, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/forward-pass/"
    samples, cpu_samples = [], []
    try:
        wait_for(lambda: fetch(url) is not None, 300)
        page = work / "docs" / "forward-pass.md"
        original = page.read_text()
        for k in range(repeats):
            token = f"benchtoken{k}x{int(time.time())}"
            time.sleep(1.5)  # let the watcher settle
            cpu = cpu_seconds(proc.pid)
            start = time.perf_counter()
            page.write_text(original.replace("# The neuron and the forward pass",
                                             f"# The neuron and the forward pass {token}", 1))
            wait_for(lambda: token in (fetch(url) or ""), 60)
            samples.append(time.perf_counter() - start)
            cpu_samples.append(cpu_seconds(proc.pid) - cpu)
    except SystemExit:
        raise SystemExit(f"bench: mkdocs serve did not serve the edit; its log:\n{log.read_text()[-3000:]}")
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        shutil.rmtree(work, ignore_errors=True)
    pages = len(list((ROOT / "docs").glob("*.md"))) + len(copies)
    return {"samples_s": [round(s, 2) for s in samples], "median_s": round(statistics.median(samples), 2),
            "cpu_median_s": round(statistics.median(cpu_samples), 2), "load": round(os.getloadavg()[0], 1),
            "pages": pages, "copies": len(copies)}


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far; 0 where /proc is missing."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8", "replace")
    except Exception:  # noqa: BLE001 - not up yet
        return None


def wait_for(check, timeout: float) -> None:
    end = time.time() + timeout
    while time.time() < end:
        if check():
            return
        time.sleep(0.05)
    raise SystemExit("bench: timed out waiting for mkdocs serve")


# ---------------------------------------------------------------------------
# Serving like a static host (gzip)

GZIP_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed for text types when the client accepts it, cacheable."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            return super().send_head()
        ctype = self.guess_type(path)
        body = Path(path).read_bytes()
        if "gzip" in self.headers.get("Accept-Encoding", "") and ctype.startswith(GZIP_TYPES):
            body = gzip.compress(body, 6, mtime=0)
            encoding = "gzip"
        else:
            encoding = None
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.end_headers()
        import io

        return io.BytesIO(body)


def serve(site: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


# ---------------------------------------------------------------------------
# Page weight


def page_paths(site: Path) -> list[str]:
    paths = []
    for html in sorted(site.rglob("index.html")):
        rel = html.parent.relative_to(site).as_posix()
        if rel.startswith(("assets", "search")):
            continue
        paths.append("" if rel == "." else rel + "/")
    return paths


def kind_of(resource_type: str, url: str) -> str:
    if resource_type in ("document",):
        return "html"
    if resource_type == "stylesheet":
        return "css"
    if resource_type == "script" or url.endswith(".js"):
        return "js"
    if resource_type == "font":
        return "fonts"
    if resource_type == "image":
        return "images"
    return "other"


def bench_weight(site: Path, base: str) -> dict:
    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_FLAGS[1:])
        for path in page_paths(site):
            context = browser.new_context()  # cold cache: a first visit
            page = context.new_page()
            responses = []
            page.on("response", lambda r: responses.append(r))
            page.goto(base + path, wait_until="networkidle")
            page.wait_for_function("document.fonts.status === 'loaded'")
            page.wait_for_timeout(300)
            totals = {"requests": 0, "raw": 0, "gzip": 0}
            by_kind: dict[str, int] = {}
            for r in responses:
                try:
                    body = r.body()
                except Exception:  # noqa: BLE001 - redirects and aborted requests have no body
                    continue
                kind = kind_of(r.request.resource_type, r.url)
                totals["requests"] += 1
                totals["raw"] += len(body)
                compressed_already = kind in ("fonts", "images") and not r.url.split("#")[0].endswith(".svg")
                totals["gzip"] += len(body) if compressed_already else len(gzip.compress(body, 6, mtime=0))
                by_kind[kind] = by_kind.get(kind, 0) + len(body)
            totals["by_kind_raw"] = by_kind
            totals["js_raw"] = by_kind.get("js", 0)
            out[path or "(home)"] = totals
            context.close()
        browser.close()
    return out


# ---------------------------------------------------------------------------
# Lighthouse


METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift",
           "speed-index")


def lighthouse(url: str) -> dict:
    binary = ROOT / "node_modules" / ".bin" / "lighthouse"
    result = subprocess.run(
        [str(binary), url, "--output=json", "--output-path=stdout", "--quiet",
         f"--chrome-flags={' '.join(CHROME_FLAGS)}"],
        capture_output=True, text=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=300)
    if result.returncode != 0:
        return {"error": result.stderr.strip().splitlines()[-1] if result.stderr else "failed"}
    report = json.loads(result.stdout)
    scores = {k: round(v["score"] * 100) for k, v in report["categories"].items() if v["score"] is not None}
    failing = {}
    for cat, v in report["categories"].items():
        for ref in v["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                failing.setdefault(cat, []).append(ref["id"])
    scores["failing_audits"] = failing
    scores["metrics"] = {k: round(report["audits"][k]["numericValue"]) if k != "cumulative-layout-shift"
                         else round(report["audits"][k]["numericValue"], 3) for k in METRICS}
    scores["dom_elements"] = report["audits"]["dom-size"]["numericValue"]
    return scores


# ---------------------------------------------------------------------------
# Test suite by stage


def bench_tests(topic_pages: int) -> dict:
    """`make test` as the Makefile runs it (pytest-xdist): wall clock, seconds by stage, projection.

    Stage seconds are test calls summed over the workers (junit XML); the project builds the
    tests share are timed on their own (tests/conftest.py writes each build's seconds into the
    run's directory). The projection multiplies what grows with the site (PER_PAGE tests and the
    builds) by FULL_SITE_TOPIC_PAGES / topic_pages and scales the wall clock by the same ratio.
    """
    tmp = Path(tempfile.mkdtemp(prefix="bench-tests-"))
    xml = tmp / "junit.xml"
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *PYTEST_PARALLEL,
                          f"--basetemp={tmp / 'run'}", f"--junitxml={xml}", "-o", "junit_duration_report=call"],
                         cwd=ROOT, env=ENV, capture_output=True, text=True)
    total = time.perf_counter() - start
    import xml.etree.ElementTree as ET

    stages = {name: 0.0 for name, _ in STAGES}
    stages["other"] = 0.0
    per_page = {rule: 0.0 for rule in PER_PAGE}
    suite = ET.parse(xml).getroot()
    suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
    outcome = {k: int(suite.get(k, 0)) for k in ("tests", "failures", "errors", "skipped")}
    if run.returncode != 0:
        print(f"bench: the test suite failed ({outcome}); the stage times below include the failures",
              file=sys.stderr)
    for case in suite.iter("testcase"):
        file = case.get("classname", "").replace(".", "/") + ".py"
        seconds = float(case.get("time", 0))
        stage = next((name for name, prefixes in STAGES if file.startswith(prefixes)), "other")
        stages[stage] += seconds
        rule = next((r for r in PER_PAGE if f"{file}::{case.get('name')}".startswith(r)), None)
        if rule:
            per_page[rule] += seconds
    unmatched = [rule for rule, seconds in per_page.items() if not seconds]
    if unmatched:
        print(f"bench: no test matches {unmatched}: update PER_PAGE in scripts/bench.py", file=sys.stderr)
    builds = {p.stem: float(p.read_text()) for p in sorted((tmp / "run").glob("*.done"))}
    shutil.rmtree(tmp, ignore_errors=True)
    measured = sum(stages.values()) + sum(builds.values())
    grows = sum(per_page.values()) + sum(builds.values())
    projected = total * (measured + grows * (FULL_SITE_TOPIC_PAGES / topic_pages - 1)) / measured
    return {"total_s": round(total, 1), "outcome": outcome, **{k: round(v, 1) for k, v in stages.items() if v},
            "builds_s": {k: round(v, 1) for k, v in builds.items()}, "workers": " ".join(PYTEST_PARALLEL),
            "topic_pages": topic_pages, "grows_with_pages_s": round(grows, 1),
            "projected_total_s": round(projected)}


# ---------------------------------------------------------------------------
# Report


READING_WPM = 150  # careful reading of technical prose, words per minute
MINUTES_PER_EXAMPLE = 5  # working a worked example through with pencil and paper
MINUTES_PER_EXERCISE = 3


def bench_words() -> dict:
    """Each topic page's core-path and total words, and an estimated first-pass study time."""
    import page_contract

    result = page_contract.check(ROOT / "docs", ROOT)
    out = {}
    for rel, (core, total) in result.words.items():
        text = (ROOT / rel).read_text(encoding="utf-8")
        examples = len(re.findall(r"^\s*!!! example ", text, re.M))
        exercises = len(re.findall(r"^\s*!!! exercise ", text, re.M))
        minutes = core / READING_WPM + examples * MINUTES_PER_EXAMPLE + exercises * MINUTES_PER_EXERCISE
        out[rel.removeprefix("docs/")] = {"core": core, "total": total, "examples": examples,
                                          "exercises": exercises, "minutes": round(minutes)}
    return out


def report_table(data: dict) -> str:
    lines = []
    words = data.get("words")
    if words:
        lines += [f"| page | core-path words (limit {3000:,}) | all words | worked examples | exercises | "
                  f"first pass, minutes |", "|---|---|---|---|---|---|"]
        lines += [f"| {page} | {w['core']:,} | {w['total']:,} | {w['examples']} | {w['exercises']} | "
                  f"{w['minutes']} |" for page, w in words.items()]
        lines += ["", f"_First pass = core words at {READING_WPM} words a minute + {MINUTES_PER_EXAMPLE} min "
                      f"per worked example + {MINUTES_PER_EXERCISE} min per exercise._", ""]
    b = data.get("build")
    if b:
        per = b["per_page_s"]
        lines += ["| build | value |", "|---|---|",
                  f"| clean build, total (empty check cache, figures already drawn) | {b['total_s']} s |"]
        if "warm_s" in b:
            lines.append(f"| the same build again (every page's check cached) | {b['warm_s']} s |")
        lines.append(f"| per page (render + math + lint), median / max | {statistics.median(per.values()):.3f} s / "
                     f"{max(per.values()):.3f} s ({max(per, key=per.get)}) |")
    for key, label in (("serve_reload", "this site"), ("serve_reload_full", "the full site")):
        s = data.get(key)
        if s:
            what = f"{s['pages']} pages" + (f", {s['copies']} of them copies of topic pages" if s.get("copies") else "")
            cpu = (f"; serve's CPU {s['cpu_median_s']} s, load {s['load']}" if "cpu_median_s" in s else "")
            over = s["median_s"] - SERVE_TARGET_S
            miss = f" **{over:.2f} s over {SERVE_TARGET_S}**" if over > 0 else ""
            lines.append(f"| save a page → `mkdocs serve` serves it, {label} ({what}), median of "
                         f"{len(s['samples_s'])} (target {SERVE_TARGET_S} s) | {s['median_s']} s{miss} "
                         f"({min(s['samples_s'])}–{max(s['samples_s'])}{cpu}) |")
    w = data.get("weight")
    if w:
        lines += ["", "| first visit | requests | raw KiB | gzip KiB | JS KiB (raw) | target |",
                  "|---|---|---|---|---|---|"]
        for path, t in w.items():
            over = t["gzip"] / 1024 - PAGE_GZIP_KIB  # every page, the home page too
            target = f"under {PAGE_GZIP_KIB} KiB gz" if over <= 0 else f"**{over:.0f} KiB over {PAGE_GZIP_KIB}**"
            if path == COURSE_PAGE:
                target = "none: the whole course, for printing (not in the median)"
            lines.append(f"| {path} | {t['requests']} | {kib(t['raw'])} | {kib(t['gzip'])} | "
                         f"{kib(t['js_raw'])} | {target} |")
        gz = [t["gzip"] for path, t in w.items() if path != COURSE_PAGE]
        lines.append(f"| median / max over pages (not {COURSE_PAGE}) | | | "
                     f"{kib(statistics.median(gz))} / {kib(max(gz))} | | |")
    lh = data.get("lighthouse")
    if lh:
        lines += ["", "| Lighthouse (mobile, gzip) | performance | accessibility | best practices | SEO | "
                      "FCP / LCP / TBT ms, CLS | DOM elements |",
                  "|---|---|---|---|---|---|---|"]
        for path, sc in lh.items():
            if "error" in sc:
                lines.append(f"| {path} | error: {sc['error']} | | | | | |")
                continue
            cells = []
            for cat in ("performance", "accessibility", "best-practices", "seo"):
                v = sc.get(cat)
                miss = "" if v is None or v >= TARGETS[cat] else f" (**{TARGETS[cat] - v} below target**)"
                cells.append(f"{v}{miss}")
            m = sc.get("metrics", {})
            timing = (f"{m['first-contentful-paint']} / {m['largest-contentful-paint']} / "
                      f"{m['total-blocking-time']}, {m['cumulative-layout-shift']}") if m else ""
            lines.append(f"| {path} | " + " | ".join(cells) + f" | {timing} | {sc.get('dom_elements', '')} |")
    t = data.get("tests")
    if t:
        lines += ["", "| `make test` stage | seconds |", "|---|---|"]
        lines += [f"| {k} | {v} |" for k, v in t.items() if k in STAGE_NAMES]
        builds = t.get("builds_s") or {}
        if builds:
            lines.append(f"| project builds, once per run ({', '.join(builds)}) | {round(sum(builds.values()), 1)} |")
        o = t.get("outcome")
        result = (f" — {o['tests']} tests, {o['failures'] + o['errors']} failed, {o['skipped']} skipped"
                  if o else "")
        workers = f" {t['workers']}" if t.get("workers") else ""
        lines.append(f"| total (pytest{workers}, wall clock; the rows above are summed over the workers)"
                     f"{result} | {t['total_s']} |")
        if "projected_total_s" in t:
            miss = t["projected_total_s"] - TEST_TARGET_S
            verdict = f"under {TEST_TARGET_S}" if miss <= 0 else f"**{miss} over {TEST_TARGET_S}**"
            lines.append(f"| projection for {FULL_SITE_TOPIC_PAGES} topic pages, wall clock: what grows with "
                         f"pages ({t['grows_with_pages_s']} s) × {FULL_SITE_TOPIC_PAGES}/{t['topic_pages']} | "
                         f"{t['projected_total_s']} ({verdict}) |")
    return "\n".join(lines)


def replace_readme_section(name: str, body: str, readme: Path = ROOT / "README.md") -> None:
    """Replace what the README holds between <!-- name:start --> and <!-- name:end --> with body."""
    text = readme.read_text(encoding="utf-8")
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    if start not in text or end not in text:
        raise SystemExit(f"{name}: README.md has no {start} / {end} section")
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    readme.write_text(f"{head}{start}\n{body}\n{end}{tail}", encoding="utf-8")


def update_readme(table: str, when: str) -> None:
    replace_readme_section("bench", f"_Measured {when} by `make bench` on {os.cpu_count()} cores._\n\n{table}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip", action="append", default=[],
                        choices=["serve", "weight", "lighthouse", "tests"])
    parser.add_argument("--update-readme", action="store_true")
    parser.add_argument("--lighthouse-pages", default="3", metavar="N|all",
                        help="Lighthouse the home page and the N heaviest topic pages (default 3), or all")
    parser.add_argument("--json", type=Path, default=ROOT / "bench.json")
    args = parser.parse_args(argv)
    if args.lighthouse_pages != "all" and not args.lighthouse_pages.isdigit():
        parser.error(f"--lighthouse-pages {args.lighthouse_pages}: give a number of pages or all")
    if "weight" in args.skip and "lighthouse" not in args.skip and args.lighthouse_pages != "all":
        parser.error("--skip weight: the heaviest pages are found by weighing them; "
                     "add --lighthouse-pages all (or --skip lighthouse)")
    if not Path(CHROMIUM).exists():
        print(f"bench: Chromium not found at {CHROMIUM} (apt-get install chromium, or set CHROMIUM)",
              file=sys.stderr)
        return 2
    data: dict = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "cores": os.cpu_count()}
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    site = tmp / "site"
    print("bench: words and study time ...", flush=True)
    data["words"] = bench_words()
    print("bench: clean build ...", flush=True)
    data["build"] = bench_build(site)
    if "serve" not in args.skip:
        print("bench: edit -> serve ...", flush=True)
        data["serve_reload"] = bench_serve_reload()
        print(f"bench: edit -> serve with {FULL_SITE_TOPICS} topic pages ...", flush=True)
        data["serve_reload_full"] = bench_serve_reload(topics=FULL_SITE_TOPICS)
    server, base = serve(site)
    try:
        if "weight" not in args.skip:
            print("bench: page weight ...", flush=True)
            data["weight"] = bench_weight(site, base)
        if "lighthouse" not in args.skip:
            if args.lighthouse_pages == "all":
                heaviest = [p for p in page_paths(site) if p and p != COURSE_PAGE]
            else:
                weights = data["weight"]  # main() refuses --skip weight without --lighthouse-pages all
                heaviest = sorted((p for p in weights if p not in ("(home)", COURSE_PAGE)),
                                  key=lambda p: -weights[p]["gzip"])
                heaviest = heaviest[:int(args.lighthouse_pages)]
            data["lighthouse"] = {}
            for path in ["(home)"] + heaviest:
                print(f"bench: lighthouse {path} ...", flush=True)
                data["lighthouse"][path] = lighthouse(base + ("" if path == "(home)" else path))
    finally:
        server.shutdown()
    if "tests" not in args.skip:
        print("bench: make test stages ...", flush=True)
        data["tests"] = bench_tests(topic_pages=len(data["words"]))
    args.json.write_text(json.dumps(data, indent=1))
    table = report_table(data)
    print()
    print(table)
    for path, sc in (data.get("lighthouse") or {}).items():
        for cat, audits in (sc.get("failing_audits") or {}).items():
            print(f"  lighthouse {path} {cat}: not at full score: {', '.join(audits)}")
    if args.update_readme:
        update_readme(table, data["date"])
        print(f"\nbench: README.md updated; raw figures in {args.json.name}")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
