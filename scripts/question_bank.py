#!/usr/bin/env python3
"""The interview question bank: every topic page's interview questions on one page.

Nothing is typed twice: the bank is generated at build time from the pages, with the questions
page_contract.py parses (its one parser), and fills ``<!-- question-bank -->`` on
docs/questions.md. Questions are grouped by part (the nav's sections, in reading order) and page.
Each keeps its ``??? question <type> <difficulty> "…"`` block and model answer, so it is
collapsible and tagged as on its page, and ends with a link back to the question on its page.

Every question has an id on its page and in the bank, ``q-`` and its first words
(page_contract.question_anchor): this module is also a Markdown extension (``question_bank``,
added by the hooks) that sets it on the ``<details>``, early enough that MkDocs's strict build
checks every ``page.md#q-…`` link against it.

What changes on the way into the bank:

* a link to a section of the same page (``#section``) names its page (``page.md#section``);
* check markers and symbol tables are left out: the numbers of an answer are checked on its page,
  which says by which snippet function (the bank does not check them again); symbol tables
  are the page's, and the Notation page has them all.

docs/javascripts/question-bank.js adds a filter by type, difficulty and part; without script
every question shows.

    python scripts/question_bank.py            # how many questions each part and page gives
    python scripts/question_bank.py --markdown # the Markdown the build puts on the bank page
"""
from __future__ import annotations

import re
import sys
from pathlib import Path
from xml.etree import ElementTree

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))

import check_examples  # noqa: E402
import page_contract  # noqa: E402
from page_contract import Question  # noqa: E402

PLACEHOLDER = "<!-- question-bank -->"
SYMBOLS = re.compile(r"^\s*<!--\s*symbols:.*-->\s*$")
SAME_PAGE_LINK = re.compile(r"\]\(#")
QUESTION_CLASS = "question"  # pymdownx.details gives ??? question a <details class="question …">


class BankError(Exception):
    pass


# (part title, [(page uri, page title)]) in reading order; the hook has it from the nav.
Parts = list[tuple[str, list[tuple[str, str]]]]


def answer_lines(q: Question, uri: str) -> list[str]:
    """The model answer as the bank shows it (see the module docstring), dedented."""
    out = []
    for line in q.answer:
        if check_examples.MARKER.match(line) or SYMBOLS.match(line):
            continue
        out.append(SAME_PAGE_LINK.sub(f"]({uri}#", line))
    while out and not out[0].strip():
        out.pop(0)
    return out


def group(parts: Parts, questions: list[Question], docs_name: str = "docs") -> list:
    """The questions by part and page, in reading order: [(part, [(uri, title, [Question])])].

    Every question's page must be in the nav (a topic page always is: MkDocs warns otherwise).
    """
    by_page: dict[str, list[Question]] = {}
    for q in questions:
        by_page.setdefault(q.rel.removeprefix(f"{docs_name}/"), []).append(q)
    placed = {uri for _, pages in parts for uri, _ in pages}
    stray = [q for uri, qs in by_page.items() if uri not in placed for q in qs[:1]]
    if stray:
        raise BankError("\n".join(f"{q.rel}:{q.line}: this page's interview questions have no place in "
                                  f"the question bank: add the page to mkdocs.yml's nav, in a part"
                                  for q in stray))
    return [(part, [(uri, title, by_page[uri]) for uri, title in pages if by_page.get(uri)])
            for part, pages in parts]


def markdown(parts: Parts, questions: list[Question], link=lambda uri: uri) -> str:
    """The bank's Markdown. ``link(uri)`` makes a page's link relative to the bank page."""
    grouped = [(part, pages) for part, pages in group(parts, questions) if pages]
    total = sum(len(qs) for _, pages in grouped for _, _, qs in pages)
    n_pages = sum(len(pages) for _, pages in grouped)
    out = [f'<div class="question-bank" data-types="{" ".join(page_contract.QUESTION_TYPES)}" '
           f'data-levels="{" ".join(page_contract.DIFFICULTIES)}" markdown>', "",
           f'<p class="question-bank__total">{total} questions from {n_pages} pages.</p>', ""]
    for part, pages in grouped:
        # The table of contents names a part by its first words ("Part 1"): a landmark named like
        # the nav's own section would be two landmarks of one name (axe: landmark-unique).
        short = part.split(" — ")[0]
        out += [f'<div class="question-bank__part" data-part="{part}" markdown>', "",
                f'## {part} {{ data-toc-label="{short}" }}', ""]
        for uri, title, qs in pages:
            out += ['<div class="question-bank__page" markdown>', "", f"### [{title}]({link(uri)})", ""]
            for q in qs:
                out.append(f'??? {QUESTION_CLASS} {q.kind} {q.level} "{q.title}"')
                out.append("")
                body = answer_lines(q, link(uri)) + ["", f"[This question on the {title} page]"
                                                         f"({link(uri)}#{q.anchor})"]
                out += [("    " + y) if y.strip() else "" for y in body]
                out.append("")
            out += ["</div>", ""]
        out += ["</div>", ""]
    out.append("</div>")
    return "\n".join(out)


class _QuestionIds(Treeprocessor):
    """Give each interview question's <summary> its id, from the title as written (before inline
    Markdown is processed), before MkDocs collects the page's anchors.

    On the summary, not the <details>: Material names each code block ``__code_<id>`` after the
    closest element with an id, so an answer with two code blocks would give both the same id.
    A link to the summary still opens its answer (Material opens the closed <details> around a
    link's target)."""

    def run(self, root: ElementTree.Element) -> None:
        for details in root.iter("details"):
            if QUESTION_CLASS not in (details.get("class") or "").split():
                continue
            summary = details.find("summary")
            if summary is not None and summary.text and not summary.get("id"):
                summary.set("id", page_contract.question_anchor(summary.text))


class QuestionIds(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 - Python-Markdown's name
        # After the block parser, before inline Markdown (20) and MkDocs's anchor collection (5).
        md.treeprocessors.register(_QuestionIds(md), "question_ids", 30)


def makeExtension(**kwargs) -> QuestionIds:  # noqa: N802 - Python-Markdown loads "question_bank" by this
    return QuestionIds(**kwargs)


def main(argv=None) -> int:
    import argparse

    import notation

    parser = argparse.ArgumentParser(description="The interview question bank, from the pages.")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs")
    parser.add_argument("--markdown", action="store_true", help="print the bank's Markdown")
    args = parser.parse_args(argv)
    result = page_contract.check(args.docs, args.docs.parent)
    if result.problems:
        print("\n".join(result.problems), file=sys.stderr)
        print(f"question_bank: the pages' questions have {len(result.problems)} problem(s) "
              f"(scripts/page_contract.py)", file=sys.stderr)
        return 1
    parts: Parts = []
    for name, part in notation.nav_parts(args.docs.parent):
        if not parts or parts[-1][0] != part:
            parts.append((part, []))
        path = args.docs / name
        if path.is_file():
            parts[-1][1].append((name, page_contract.read_page(path).meta.get("title", name)))
    try:
        grouped = group(parts, result.bank, args.docs.name)
        text = markdown(parts, result.bank)
    except BankError as exc:
        print(exc, file=sys.stderr)
        return 1
    if args.markdown:
        print(text)
        return 0
    for part, pages in grouped:
        for uri, _, qs in pages:
            print(f"{part or '(no part)'} · {uri}: {len(qs)}")
    print(f"question_bank: {len(result.bank)} questions from {sum(len(p) for _, p in grouped)} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
