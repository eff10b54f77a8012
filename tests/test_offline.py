"""`make offline`: a copy of the site that works from file://, search included, packed as a zip."""
from __future__ import annotations

import os
import re
import zipfile

import pytest

import build_offline
import notebooks
from conftest import CHROMIUM_ARGS, FONT_LOADED, topic_pages  # noqa: F401  (the browser fixture uses the args)
from test_print import LANDED

pytestmark = [pytest.mark.build, pytest.mark.browser]


def build_and_pack(out):
    # As a reader builds it: without the publishing workflow's address and repository, even when
    # the shell that runs the tests has them.
    published = {name: os.environ.pop(name) for name in ("REPO_URL", "SITE_URL") if name in os.environ}
    try:
        build_offline.build(out / "site")
    finally:
        os.environ.update(published)
    build_offline.pack(out / "site", out / build_offline.ZIP_NAME)


@pytest.fixture(scope="session")
def offline_copy(project_builds):
    out = project_builds.once("offline", build_and_pack)
    return out / "site", out / build_offline.ZIP_NAME


@pytest.fixture
def disk_page(browser):
    """A page that fails the test on any request leaving the disk and on any script error."""
    context = browser.new_context()
    page = context.new_page()
    outside, errors = [], []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("file:", "data:", "blob:", "about:")) else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert not outside, f"the offline copy made network requests: {outside}"
    assert not errors, errors


def test_zip_holds_the_whole_copy(offline_copy):
    site, zip_path = offline_copy
    with zipfile.ZipFile(zip_path) as z:
        names = z.namelist()
    assert len(names) == sum(1 for p in site.rglob("*") if p.is_file())
    assert f"{build_offline.TOP}/index.html" in names
    assert f"{build_offline.TOP}/forward-pass.html" in names  # no directory URLs from file://
    assert f"{build_offline.TOP}/search/search_index.js" in names
    assert not any(n.endswith(".zip") for n in names)


def test_without_a_repository_pages_link_no_report_nor_edit(offline_copy):
    """Built as a reader builds it (no REPO_URL), unlike the tests' site (tests/conftest.py)."""
    site, _ = offline_copy
    for md in topic_pages():
        html = (site / f"{md.stem}.html").read_text(encoding="utf-8")
        assert 'class="provenance"' in html and 'class="report-link"' not in html, md
        assert "/edit/" not in html and 'class="md-source"' not in html, md  # the header's repository link


def test_offline_copy_works_from_disk_with_search(disk_page, offline_copy):
    page = disk_page
    site, _ = offline_copy
    page.goto((site / "index.html").as_uri())
    page.locator("article a[href='forward-pass.html']").first.click()
    page.wait_for_url("**/forward-pass.html")
    assert page.locator("article math").count() > 50
    page.wait_for_function("document.fonts.status === 'loaded'")
    assert page.evaluate(FONT_LOADED, "STIX Two Math subset")  # the font works from file:// too
    page.keyboard.press("/")
    page.locator("input.md-search__input").press_sequentially("universal approximation", delay=20)
    hit = page.locator(".md-search-result__item a[href*='forward-pass.html']").first
    hit.wait_for(timeout=15_000)


def test_offline_glossary_terms_show_their_definition_and_link_to_it(browser, offline_copy):
    site, _ = offline_copy
    context = browser.new_context()
    page = context.new_page()
    page.goto((site / "training-loop.html").as_uri())
    term = page.locator("article .gloss__term", has_text="mini-batch").first
    term.hover()
    assert page.locator("#gloss-mini-batch").is_visible()
    term.click()
    page.wait_for_url("**/glossary.html#mini-batch")
    assert page.locator("dt#mini-batch").is_visible()
    context.close()


def test_offline_cheat_sheet_question_bank_and_course_page_work_from_disk(disk_page, offline_copy):
    """From file://: the cheat sheet's links reach their sections, the bank's filter runs and its
    links reach their questions, a link far into the course page lands there and the page's
    contents lead into it; nothing leaves the disk."""
    site, _ = offline_copy
    page = disk_page
    page.goto((site / "cheat-sheet.html").as_uri())
    label = page.locator("article .cheat-label a").first
    target = label.get_attribute("href")
    assert target.endswith(".html#" + target.split("#")[1]), target  # a file, not a directory URL
    label.click()
    page.wait_for_url("**/" + target)
    assert page.evaluate("id => !!document.getElementById(id)", target.split("#")[1])

    page.goto((site / "questions.html").as_uri())
    page.select_option("#question-bank-difficulty", "hard")
    shown = page.locator("article details.question:visible")
    hard = page.locator("article details.question.hard")
    assert shown.count() == hard.count() > 0
    question = shown.first
    question.locator("summary").click()
    back = question.locator("a", has_text="This question on the")
    href = back.get_attribute("href")
    back.click()
    page.wait_for_url("**/" + href)
    anchor = href.split("#")[1]
    assert page.evaluate("id => document.getElementById(id).closest('details').open", anchor)

    # A link into the course page far down, from outside it: the page loads and lands on the topic
    # page linked to, and stays there once the pages around it are drawn (course-page.js).
    titles = re.findall(r'<section class="print-course__page"[^>]*>\s*<h2 id="([^"]+)"',
                        (site / "print.html").read_text(encoding="utf-8"))
    deep = titles[2 * len(titles) // 3]
    page.goto((site / "print.html").as_uri() + "#" + deep)
    landed = page.evaluate(LANDED, deep)
    assert abs(landed["top"] - landed["margin"]) < 2, f"#{deep} is {landed['top']:.0f} px from the top after loading"
    link = page.locator("article nav a").nth(5)
    anchor = link.get_attribute("href")
    assert anchor.startswith("#")
    link.click()
    assert page.evaluate("id => !!document.getElementById(id)", anchor[1:])


def test_offline_notebook_pages_work_from_disk(disk_page, offline_copy):
    """Each notebook's page from file://: math as MathML, every figure loads, the download is there."""
    site, _ = offline_copy
    page = disk_page
    for source in notebooks.sources():
        page.goto((site / "notebooks" / f"{source.stem}.html").as_uri())
        for img in page.locator("article img.nb-figure").all():
            img.scroll_into_view_if_needed()
            page.wait_for_function("el => el.complete && el.naturalWidth > 0", arg=img.element_handle())
        href = page.locator("article .nb-download a[download]").get_attribute("href")
        assert (site / "notebooks" / href).resolve().is_file(), href
        assert page.locator("article math").count() > 0
