"""Provenance lines, report/edit links and licences (scripts/provenance.py and the built site)."""
from __future__ import annotations

import re
import subprocess
import textwrap
from urllib.parse import parse_qs, urlsplit

import numpy
import pytest

import check_examples
import provenance
from conftest import REPO, ROOT, SITE, served, topic_pages

FACTS = {"numpy": "2.4.6", "commit": "0123456789ab"}


def test_build_facts_name_numpy_and_the_checkout_commit():
    facts = provenance.build_facts(ROOT)
    head = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT, capture_output=True,
                          text=True).stdout.strip()
    assert facts["numpy"] == numpy.__version__
    assert facts["commit"] in (head, head + " + local changes")


def test_build_facts_outside_git_say_so(tmp_path):
    assert provenance.build_facts(tmp_path)["commit"] == "an unknown commit (not a git checkout)"


def test_without_a_repository_there_are_no_links():
    assert provenance.links(None, "docs/losses.md", ["snippets/losses.py"], "Loss functions", FACTS) == {}
    line = provenance.line(1234, ["snippets/losses.py"], FACTS, {})
    assert "<a " not in line
    assert ("1,234 numbers on this page are compared with <code>snippets/losses.py</code> (NumPy 2.4.6)"
            in line and "<code>0123456789ab</code>" in line)


def test_report_and_edit_links_carry_the_page_snippets_and_commit():
    urls = provenance.links("https://github.com/someone/dlc/", "docs/losses.md",
                            ["snippets/losses.py", "snippets/probability.py"], "Loss functions", FACTS)
    report = urlsplit(urls["report_url"])
    assert (report.scheme, report.netloc, report.path) == ("https", "github.com", "/someone/dlc/issues/new")
    query = {k: v[0] for k, v in parse_qs(report.query).items()}
    assert query == {"template": "report-a-problem.yml", "title": "Problem on “Loss functions”",
                     "page": "docs/losses.md", "snippet": "snippets/losses.py, snippets/probability.py",
                     "commit": "0123456789ab"}
    assert urls["edit_url"] == "https://github.com/someone/dlc/edit/main/docs/losses.md"
    line = provenance.line(7, ["snippets/losses.py"], FACTS, urls)
    assert '<a class="report-link" href="https://github.com/someone/dlc/issues/new?template=' in line
    assert "&amp;page=docs%2Flosses.md" in line


def test_the_issue_form_has_every_field_the_link_fills():
    form = (ROOT / ".github" / "ISSUE_TEMPLATE" / provenance.ISSUE_FORM).read_text()
    for field in ("page", "section", "snippet", "commit"):
        assert re.search(rf"^\s+id: {field}$", form, re.M), field


def test_the_count_changes_when_a_number_is_added(tmp_path):
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "demo.py").write_text(
        "def claims():\n    return [('a', 0.25), ('b', 1.5)]\n"
        "def claims_more():\n    return [('a', 0.25), ('b', 1.5), ('c', 2.75)]\n")
    docs = tmp_path / "docs"
    docs.mkdir()
    page = docs / "p.md"
    page.write_text("<!-- check: snippets/demo.py:claims -->\n\nIt is 0.25, then 1.5.\n")
    before = check_examples.check(docs, tmp_path).by_page["docs/p.md"]
    page.write_text("<!-- check: snippets/demo.py:claims_more -->\n\nIt is 0.25, then 1.5, then 2.75.\n")
    after = check_examples.check(docs, tmp_path).by_page["docs/p.md"]
    assert before == (2, ["snippets/demo.py"]) and after == (3, ["snippets/demo.py"])


def test_licences_are_in_the_repository():
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    assert "Creative Commons Attribution 4.0 International Public License" in \
        (ROOT / "LICENSES" / "CC-BY-4.0.txt").read_text()
    assert '"license": "MIT"' in (ROOT / "package.json").read_text()


# ---------------------------------------------------------------------------
# The built site


PROVENANCE = re.compile(r'<p class="provenance">(?P<n>[\d,]+) numbers on this page are compared with '
                        r'(?P<snippets>.*?) \(NumPy (?P<numpy>[\d.]+)\)')


@pytest.mark.build
def test_every_topic_page_ends_with_its_provenance_from_the_checker(built_site, project_builds):
    # The checker's report from the cache the build filled (a cached report equals a clean one:
    # tests/test_incremental.py), under the builds' lock so that no build writes it meanwhile.
    with project_builds.lock():
        report = check_examples.check(ROOT / "docs", ROOT, cache=ROOT / ".cache" / "build")
    for md in topic_pages():
        html = (built_site / md.stem / "index.html").read_text(encoding="utf-8")
        m = PROVENANCE.search(html)
        assert m, md
        count, snippets = report.by_page[f"docs/{md.name}"]
        assert int(m.group("n").replace(",", "")) == count > 0
        assert re.findall(r"<code>(.*?)</code>", m.group("snippets")) == snippets
        assert m.group("numpy") == numpy.__version__


@pytest.mark.build
def test_the_footer_links_the_licence_page_from_every_page(built_site):
    assert "Creative Commons Attribution 4.0" in (built_site / "licence" / "index.html").read_text()
    assert '<a href="../licence/">CC BY 4.0</a>' in (built_site / "losses" / "index.html").read_text()
    assert '<a href="licence/">CC BY 4.0</a>' in (built_site / "index.html").read_text()


@pytest.mark.build
def test_with_a_repository_every_topic_page_links_report_and_edit(built_site):
    """The tests' site is built as the publishing workflow builds it (REPO_URL and SITE_URL set);
    the offline copy, built without them, has no links (tests/test_offline.py)."""
    for md in topic_pages():
        html = (built_site / md.stem / "index.html").read_text(encoding="utf-8")
        reports = re.findall(r'<a class="report-link" href="([^"]+)"', html)
        assert len(reports) >= 2, md  # the provenance line and the contents sidebar
        query = parse_qs(urlsplit(reports[0].replace("&amp;", "&")).query)
        assert query["page"] == [f"docs/{md.name}"] and query["template"] == ["report-a-problem.yml"]
        assert f'href="{REPO}/edit/main/docs/{md.name}"' in html
        assert f'<link rel="canonical" href="{SITE}{md.stem}/">' in html
        assert "javascripts/report-link.js" in html
        assert 'data-md-component="source"' not in html  # the header's repository link fetches nothing


@pytest.mark.browser
def test_the_report_link_names_the_section_being_read(built_site, browser):
    with served(built_site) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            page = context.new_page()
            page.route("https://**", lambda route: route.abort())  # the test never leaves this machine
            page.goto(f"{url}losses/#the-math")
            page.wait_for_timeout(500)
            link = page.locator(".md-sidebar--secondary a.report-link")
            link.click(modifiers=["Alt"])  # Alt: the click runs the page's handler; the abort stops the visit
            query = parse_qs(urlsplit(link.get_attribute("href")).query)
            assert query["section"] == ["The math"] and query["page"] == ["docs/losses.md"]
        finally:
            context.close()
