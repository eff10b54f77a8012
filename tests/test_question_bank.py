"""The interview question bank (scripts/question_bank.py, docs/questions.md, question-bank.js).

What the bank should hold is worked out here from the Markdown sources with a regex of this
file's own, not with page_contract's parser that the bank is built from.
"""
from __future__ import annotations

import json
import re
import shutil

import markdown
import pytest

import notation
import page_contract
import question_bank
from conftest import ROOT
from test_page_contract import GOOD_PAGE

QUESTION_LINE = re.compile(r'^\?\?\? question (\w+) (\w+) "')
BANK = "questions/index.html"


def source_questions() -> list[tuple[str, str, str, str]]:
    """(part, page, type, difficulty) of every interview question, in reading order, from the sources."""
    out = []
    for name, part in notation.nav_parts(ROOT):
        text = (ROOT / "docs" / name).read_text(encoding="utf-8")
        if re.search(r"^contract: exempt$", text.split("\n---\n", 1)[0], re.M):
            continue
        section = text[text.index("\n## Interview questions\n"):text.index("\n## Key takeaways\n")]
        out += [(part, name.removesuffix(".md"), *m.groups()) for line in section.splitlines()
                if (m := QUESTION_LINE.match(line))]
    return out


# ---------------------------------------------------------------------------
# The generator, on made-up input


def question(answer: list[str], rel="docs/p.md") -> page_contract.Question:
    return page_contract.Question(rel, 10, "coding", "hard", "Why is it so?", answer)


def test_an_answer_keeps_its_blocks_and_names_its_page_in_same_page_links():
    q = question(["<!-- check: snippets/p.py:claims -->", "", "See [the math](#the-math) and [b](b.md#x).",
                  "", "<!-- symbols: x | y -->", '!!! note "Inside"', "", "    ```python",
                  '    --8<-- "snippets/p.py:f"', "    ```"])
    assert question_bank.answer_lines(q, "p.md") == [
        "See [the math](p.md#the-math) and [b](b.md#x).", "", '!!! note "Inside"', "", "    ```python",
        '    --8<-- "snippets/p.py:f"', "    ```"]


def test_the_bank_groups_by_part_and_page_and_links_back_to_each_question():
    text = question_bank.markdown([("Part A", [("p.md", "Page P")]), ("Part B", [("r.md", "Page R")])],
                                  [question(["An answer."]), question(["Another."], "docs/r.md")])
    assert '<div class="question-bank__part" data-part="Part A" markdown>' in text
    assert text.index("## Part A") < text.index("### [Page P](p.md)") < text.index("## Part B")
    assert '??? question coding hard "Why is it so?"\n\n    An answer.\n\n    ' \
           '[This question on the Page P page](p.md#q-why-is-it-so)' in text
    assert "2 questions from 2 pages." in text


def test_a_topic_page_outside_the_nav_has_no_place_in_the_bank():
    with pytest.raises(question_bank.BankError) as exc:
        question_bank.markdown([("Part A", [("p.md", "Page P")])], [question(["A."], "docs/lost.md")])
    assert str(exc.value) == ("docs/lost.md:10: this page's interview questions have no place in the question "
                              "bank: add the page to mkdocs.yml's nav, in a part")


def test_each_question_gets_its_id_from_its_title_as_written():
    html = markdown.markdown('??? question derivation easy "Why `x`, and $y$?"\n\n    Because.\n\n'
                             '??? note "Not a question"\n\n    Text.\n',
                             extensions=["pymdownx.details", "question_bank"])
    # On the summary: Material names code blocks after their closest id (two in one answer would clash).
    assert '<details class="question derivation easy">\n<summary id="q-why-x-and-y">' in html
    assert '<details class="note">\n<summary>Not a question</summary>' in html


def test_a_question_asked_twice_fails_the_bank_with_the_contracts_message(tmp_path, capsys):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "p.md").write_text(GOOD_PAGE)
    (docs / "q.md").write_text(GOOD_PAGE.replace("Question number", "Other question").replace(
        '"Other question b?"', '"Question number a?"'))
    assert question_bank.main(["--docs", str(docs)]) == 1
    err = capsys.readouterr().err
    assert "docs/q.md:" in err and "the question 'Question number a?' is already asked on docs/p.md" in err
    assert "question_bank: the pages' questions have 1 problem(s)" in err


def test_the_real_bank_standalone(capsys):
    assert question_bank.main([]) == 0
    assert capsys.readouterr().out.endswith(f"question_bank: {len(source_questions())} questions from 26 pages\n")


# ---------------------------------------------------------------------------
# The built bank


def details_blocks(html: str) -> list[str]:
    """The outermost <details class="question …"> … </details> blocks of a page, nesting respected."""
    out, depth, start = [], 0, 0
    for m in re.finditer(r"<details\b[^>]*>|</details>", html):
        if m.group(0).startswith("<details"):
            if depth == 0 and 'class="question ' in m.group(0):
                start, depth = m.start(), 1
            elif depth:
                depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                out.append(html[start:m.end()])
    return out


@pytest.mark.build
def test_the_bank_holds_every_question_of_every_page_once_in_reading_order(built_site):
    html = (built_site / BANK).read_text(encoding="utf-8")
    expected = source_questions()
    blocks = details_blocks(html)
    assert len(blocks) == len(expected) == html.count('<details class="question ')
    found = [(re.search(r'href="\.\./([\w-]+)/#q-', b).group(1),) + tuple(
        re.match(r'<details class="question (\w+) (\w+)"', b).groups()) for b in blocks]
    assert found == [(page, kind, level) for _, page, kind, level in expected]
    assert f"{len(expected)} questions from 26 pages." in html


@pytest.mark.build
def test_each_bank_entry_is_its_pages_question_as_rendered_there(built_site):
    """Same title, tags, answer, math and code as on the page; only the link back is added, same-page
    links name their page, and the "checked by" captions and symbol tables stay on the page."""
    bank = details_blocks((built_site / BANK).read_text(encoding="utf-8"))
    pages = {}
    for block in bank:
        page = re.search(r'href="\.\./([\w-]+)/#q-', block).group(1)
        pages.setdefault(page, []).append(block)
    for page, blocks in pages.items():
        on_page = details_blocks((built_site / page / "index.html").read_text(encoding="utf-8"))
        assert len(on_page) == len(blocks), page
        for theirs, ours in zip(on_page, blocks):
            theirs = re.sub(r'<span class="checked-by">.*?</span>\s*', "", theirs, flags=re.S)
            theirs = re.sub(r'<p>\s*</p>\s*', "", theirs)  # where a caption was
            theirs = re.sub(r'<table>.*?</table>\s*<p>Every symbol of the site.*?</p>\s*', "", theirs, flags=re.S)
            theirs = theirs.replace('href="#', f'href="../{page}/#')
            ours = re.sub(r'<p><a href="\.\./[\w-]+/#q-[\w-]+">This question on the [^<]+ page</a></p>\s*',
                          "", ours)
            assert re.sub(r"\s+", " ", ours) == re.sub(r"\s+", " ", theirs), page
    bank_html = (built_site / BANK).read_text(encoding="utf-8")
    assert 'class="checked-by"' not in bank_html and "Every symbol of the site" not in bank_html


def unresolved_question_links(site) -> list[str]:
    """Every link of the bank to a question that has no element with that id on its page."""
    html = (site / BANK).read_text(encoding="utf-8")
    missing = []
    for page, anchor in re.findall(r'href="\.\./([\w-]+)/#(q-[\w-]+)"', html):
        target = site / page / "index.html"
        if not target.is_file() or f'id="{anchor}"' not in target.read_text(encoding="utf-8"):
            missing.append(f"{page}/#{anchor}")
    return missing


@pytest.mark.build
def test_every_link_back_reaches_its_question_on_its_page(built_site, tmp_path):
    html = (built_site / BANK).read_text(encoding="utf-8")
    assert len(re.findall(r'href="\.\./[\w-]+/#q-', html)) == len(source_questions())
    assert unresolved_question_links(built_site) == []
    # The check finds a question whose id is gone from its page.
    broken = tmp_path / "site"
    shutil.copytree(built_site, broken, ignore=shutil.ignore_patterns("assets", "search", "figures", "downloads"))
    page = broken / "attention" / "index.html"
    page.write_text(page.read_text().replace('id="q-why-are-attention-scores-divided-by"', ""))
    assert unresolved_question_links(broken) == ["attention/#q-why-are-attention-scores-divided-by"]


@pytest.mark.build
def test_the_bank_is_not_in_the_search_index(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    assert any(loc.startswith("attention/") for loc in locations)
    assert not [loc for loc in locations if loc.startswith("questions/")]


# ---------------------------------------------------------------------------
# The filter, in Chromium


def shown(page) -> list[tuple[str, int]]:
    """(page, position among its page's questions in the bank) of every question the reader sees."""
    return [tuple(x) for x in page.evaluate("""() => {
        const out = [];
        for (const group of document.querySelectorAll('.question-bank__page')) {
            const name = group.querySelector('h3 a').getAttribute('href').split('/').at(-2);
            group.querySelectorAll('details.question').forEach((d, k) => {
                if (d.checkVisibility()) out.push([name, k]);
            });
        }
        return out; }""")]


def expected_shown(keep) -> list[tuple[str, int]]:
    out, seen = [], {}
    for part, page, kind, level in source_questions():
        k = seen[page] = seen.get(page, -1) + 1
        if keep(part, kind, level):
            out.append((page, k))
    return out


@pytest.mark.browser
def test_the_filter_shows_exactly_the_questions_asked_for(page, site_url):
    page.goto(site_url + BANK.removesuffix("index.html"), wait_until="load")
    total = len(source_questions())
    count = page.locator(".question-bank__count")
    assert count.get_attribute("aria-live") == "polite"
    assert count.inner_text() == f"Showing {total} of {total} questions."
    assert shown(page) == expected_shown(lambda *_: True)
    parts = list(dict.fromkeys(part for part, *_ in source_questions()))
    cases = [("type", t, lambda p, k, lv, t=t: k == t) for t in page_contract.QUESTION_TYPES]
    cases += [("difficulty", d, lambda p, k, lv, d=d: lv == d) for d in page_contract.DIFFICULTIES]
    cases += [("part", p, lambda pp, k, lv, p=p: pp == p) for p in parts]
    for name, value, keep in cases:
        page.select_option(f"select[name={name}]", value)
        want = expected_shown(keep)
        assert shown(page) == want, (name, value)
        assert count.inner_text() == f"Showing {len(want)} of {total} questions."
        # A part or page left without questions is hidden with its heading.
        headings = page.evaluate("""() => [...document.querySelectorAll('.question-bank h3 a:not(.headerlink)')]
            .filter(a => a.checkVisibility()).map(a => a.getAttribute('href').split('/').at(-2))""")
        assert headings == list(dict.fromkeys(p for p, _ in want)), (name, value)
        page.select_option(f"select[name={name}]", "")
    # Two at once: the questions that pass both.
    page.select_option("select[name=type]", "coding")
    page.select_option("select[name=part]", parts[1])
    assert shown(page) == expected_shown(lambda p, k, lv: k == "coding" and p == parts[1])


@pytest.mark.browser
def test_the_filter_works_from_the_keyboard_with_labelled_controls(page, site_url):
    page.goto(site_url + "questions/", wait_until="load")
    for name, label in (("type", "Type"), ("difficulty", "Difficulty"), ("part", "Part")):
        assert page.get_by_label(label, exact=True).get_attribute("name") == name
    page.get_by_label("Difficulty", exact=True).focus()
    page.keyboard.press("ArrowDown")  # the first difficulty
    want = expected_shown(lambda p, k, lv: lv == page_contract.DIFFICULTIES[0])
    assert shown(page) == want
    assert page.locator(".question-bank__count").inner_text().startswith(f"Showing {len(want)} of ")


@pytest.mark.browser
def test_without_script_every_question_shows_and_there_is_no_filter(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "questions/", wait_until="load")
    assert page.locator("select, .question-bank__count").count() == 0
    assert shown(page) == expected_shown(lambda *_: True)
    context.close()
