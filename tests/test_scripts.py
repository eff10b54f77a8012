"""Tests of the smaller build scripts: search_index.py and bench.py's reporting and server."""
from __future__ import annotations

import gzip
import json
import urllib.request

import pytest

import bench
import search_index
from conftest import ROOT


def test_search_index_loses_tex_but_keeps_words(tmp_path):
    index = {"config": {"lang": ["en"]}, "docs": [
        {"location": "a/", "title": "A", "text": "<p>The slope \\(\\frac{dL}{dw}\\) is \\[ x^2 \\] small.</p>"},
        {"location": "b/", "title": "B", "text": "<p>No math here.</p>"}]}
    path = tmp_path / "search_index.json"
    path.write_text(json.dumps(index))
    removed = search_index.rewrite(path)
    docs = json.loads(path.read_text())["docs"]
    assert docs[0]["text"] == "<p>The slope is small.</p>"
    assert docs[1]["text"] == "<p>No math here.</p>"
    assert removed == len(index["docs"][0]["text"]) - len(docs[0]["text"])


def test_built_search_index_has_no_tex(built_site):
    text = (built_site / "search" / "search_index.json").read_text()
    assert "\\\\(" not in text and "\\\\frac" not in text
    assert "forward pass" in text.lower()


def test_bench_server_gzips_text_like_a_static_host(tmp_path):
    (tmp_path / "index.html").write_text("<p>" + "hello " * 200 + "</p>")
    server, base = bench.serve(tmp_path)
    try:
        request = urllib.request.Request(base, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as r:
            assert r.headers["Content-Encoding"] == "gzip"
            assert gzip.decompress(r.read()).decode().count("hello") == 200
        with urllib.request.urlopen(base) as r:  # no gzip unless asked
            assert r.headers["Content-Encoding"] is None and r.read().count(b"hello") == 200
    finally:
        server.shutdown()


def test_bench_report_says_by_how_much_a_target_is_missed():
    data = {
        "weight": {"(home)": {"requests": 3, "raw": 2048, "gzip": 1024, "js_raw": 0},
                   "big/": {"requests": 9, "raw": 900 * 1024, "gzip": 350 * 1024, "js_raw": 1024},
                   "small/": {"requests": 9, "raw": 100 * 1024, "gzip": 90 * 1024, "js_raw": 1024}},
        "lighthouse": {"big/": {"performance": 90, "accessibility": 100, "best-practices": 100,
                                "seo": 100}},
    }
    table = bench.report_table(data)
    assert "**150 KiB over 200**" in table and "under 200 KiB gz" in table
    assert "90 (**8 below target**)" in table and "| 100 | 100 | 100 |" in table


def test_bench_reports_words_and_study_time_per_page():
    words = bench.bench_words()
    assert set(words) >= {"forward-pass.md", "backprop.md"}
    fp = words["forward-pass.md"]
    expected = round(fp["core"] / 150 + 5 * fp["examples"] + 3 * fp["exercises"])
    assert fp["minutes"] == expected and fp["total"] > fp["core"] > 0
    table = bench.report_table({"words": words})
    assert f"| forward-pass.md | {fp['core']:,} | {fp['total']:,} |" in table


def test_bench_runs_the_tests_as_make_test_does():
    makefile = (ROOT / "Makefile").read_text()
    assert f"PYTEST_PARALLEL := {' '.join(bench.PYTEST_PARALLEL)}\n" in makefile
    assert "\t$(PY) -m pytest $(PYTEST_PARALLEL)\n" in makefile


def test_bench_projects_the_test_time_to_the_full_site():
    tests = {"total_s": 200.0, "outcome": {"tests": 1239, "failures": 0, "errors": 0, "skipped": 0},
             "snippets": 10.0, "browser": 250.0, "builds_s": {"site": 8.0, "offline": 9.0},
             "workers": "-n auto --dist worksteal", "topic_pages": 13, "grows_with_pages_s": 137.0,
             "projected_total_s": 301}
    table = bench.report_table({"tests": tests})
    assert "| snippets | 10.0 |\n| browser | 250.0 |\n| project builds, once per run (site, offline) | 17.0 |" in table
    assert ("| total (pytest -n auto --dist worksteal, wall clock; the rows above are summed over the "
            "workers) — 1239 tests, 0 failed, 0 skipped | 200.0 |") in table
    assert "pages (137.0 s) × 26/13 | 301 (under 600) |" in table
    assert "| 700 (**100 over 600**) |" in bench.report_table({"tests": {**tests, "projected_total_s": 700}})


def test_bench_refuses_lighthouse_pages_it_cannot_choose(capsys):
    for argv in (["--skip", "weight"], ["--lighthouse-pages", "heavy"]):
        with pytest.raises(SystemExit) as exit_:
            bench.main(argv)
        assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "add --lighthouse-pages all" in err and "give a number of pages or all" in err
