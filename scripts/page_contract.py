#!/usr/bin/env python3
"""Check that every topic page follows the page contract.

A topic page (every page under docs/ unless its front matter says
``contract: exempt``) must have:

* front matter with ``title``, ``description``, ``core_formula`` (TeX) and ``key_idea``;
* exactly these ``##`` sections, in this order: Think of it like…, In plain English,
  The math, Worked example, Code, Interview questions;
* at least one worked example (an ``example`` admonition) in "Worked example";
* a snippet included with ``--8<--`` in "Code";
* at least one figure: an image with alt text, in a light (``#only-light``) and a dark
  (``#only-dark``) variant; every image on every page needs alt text;
* at least 6 interview questions, each a collapsible ``??? question "…"`` block with a
  non-empty model answer.

    python scripts/page_contract.py          # check docs/
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = ["Think of it like…", "In plain English", "The math", "Worked example", "Code",
            "Interview questions"]
FRONT_MATTER_KEYS = ["title", "description", "core_formula", "key_idea"]
MIN_QUESTIONS = 6
IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
HTML_IMG = re.compile(r"<img\b(?P<attrs>[^>]*)>", re.I)
QUESTION = re.compile(r"^(?P<indent>\s*)\?\?\?\+?\s+question\s+\"(?P<q>[^\"]+)\"\s*$")


@dataclass
class Page:
    path: Path
    meta: dict
    body: str
    body_start: int  # line number of the first body line

    @property
    def exempt(self) -> bool:
        return self.meta.get("contract") == "exempt"


@dataclass
class Result:
    problems: list[str] = field(default_factory=list)
    topic_pages: int = 0
    exempt_pages: int = 0
    questions: int = 0


class FrontMatterError(Exception):
    pass


def read_page(path: Path) -> Page:
    """Split a Markdown file into front matter (dict) and body."""
    text = path.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end < 0:
            raise FrontMatterError("front matter starts with --- but never ends with ---")
        try:
            meta = yaml.safe_load(text[4:end]) or {}
        except yaml.YAMLError as exc:
            raise FrontMatterError(f"front matter is not valid YAML: {exc}".replace("\n", " ")) from None
        if not isinstance(meta, dict):
            raise FrontMatterError("front matter must be a mapping of keys to values")
        body_start = text[: end + 5].count("\n") + 1
        return Page(path, meta, text[end + 5:], body_start)
    return Page(path, {}, text, 1)


def sections(page: Page) -> list[tuple[str, int, list[str]]]:
    """The page's ## sections as (heading, line number, lines), skipping fenced code."""
    out: list[tuple[str, int, list[str]]] = []
    in_fence = False
    for k, line in enumerate(page.body.splitlines()):
        if re.match(r"^\s*(```|~~~)", line):
            in_fence = not in_fence
        m = None if in_fence else re.match(r"^##\s+(.+?)\s*#*\s*$", line)
        if m:
            out.append((m.group(1), page.body_start + k, []))
        elif out:
            out[-1][2].append(line)
    return out


def check_images(page: Page, rel: str) -> list[str]:
    problems = []
    for k, line in enumerate(page.body.splitlines()):
        for m in IMAGE.finditer(line):
            if not m.group("alt").strip():
                problems.append(f"{rel}:{page.body_start + k}: the image {m.group('src')} has no alt "
                                f"text: write ![what the figure shows](…)")
        for m in HTML_IMG.finditer(line):
            alt = re.search(r'\balt\s*=\s*"([^"]*)"', m.group("attrs"))
            if not alt or not alt.group(1).strip():
                problems.append(f"{rel}:{page.body_start + k}: an <img> without alt text")
    return problems


def check_page(page: Page, rel: str) -> tuple[list[str], int]:
    """Problems of one topic page, and its number of interview questions."""
    problems: list[str] = []
    for key in FRONT_MATTER_KEYS:
        if not str(page.meta.get(key, "")).strip():
            problems.append(f"{rel}:1: front matter lacks '{key}' (topic pages need "
                            f"{', '.join(FRONT_MATTER_KEYS)}; other pages set 'contract: exempt')")
    found = sections(page)
    names = [name for name, _, _ in found]
    if names != SECTIONS:
        where = found[0][1] if found else page.body_start
        missing = [s for s in SECTIONS if s not in names]
        extra = [s for s in names if s not in SECTIONS]
        detail = []
        if missing:
            detail.append("missing " + ", ".join(repr(s) for s in missing))
        if extra:
            detail.append("unexpected " + ", ".join(repr(s) for s in extra))
        if not missing and not extra:
            detail.append("out of order")
        problems.append(f"{rel}:{where}: the ## sections must be, in order: "
                        f"{' · '.join(SECTIONS)} ({'; '.join(detail)})")
    by_name = {name: (line, lines) for name, line, lines in found}
    if "Worked example" in by_name:
        line, lines = by_name["Worked example"]
        if not any(re.match(r"^\s*(!!!|\?\?\?\+?)\s+example\b", x) for x in lines):
            problems.append(f"{rel}:{line}: 'Worked example' has no !!! example \"Worked example: …\" "
                            f"block")
    if "Code" in by_name:
        line, lines = by_name["Code"]
        if not any("--8<--" in x for x in lines):
            problems.append(f'{rel}:{line}: \'Code\' includes no snippet: add --8<-- "snippets/<file>.py:<section>"')
    images = IMAGE.findall(page.body)
    light = [src for _, src in images if src.endswith("#only-light")]
    dark = {src for _, src in images if src.endswith("#only-dark")}
    if not light:
        problems.append(f"{rel}:{page.body_start}: no figure: add ![alt](figures/<name>.svg#only-light) "
                        f"and its ![alt](figures/<name>-dark.svg#only-dark) twin")
    for src in light:
        twin = src.replace(".svg#only-light", "-dark.svg#only-dark")
        if twin not in dark:
            problems.append(f"{rel}:{page.body_start}: the figure {src} has no dark twin {twin}")
    questions = 0
    if "Interview questions" in by_name:
        line, lines = by_name["Interview questions"]
        for k, x in enumerate(lines):
            m = QUESTION.match(x)
            if not m:
                continue
            base = len(m.group("indent"))
            answer = []
            for y in lines[k + 1:]:
                if y.strip() and len(y) - len(y.lstrip()) <= base:
                    break
                answer.append(y.strip())
            if not "".join(answer):
                problems.append(f"{rel}:{line + k + 1}: the question {m.group('q')!r} has no model answer")
            else:
                questions += 1
        if questions < MIN_QUESTIONS:
            problems.append(f"{rel}:{line}: {questions} interview question(s) with model answers; a topic "
                            f"page needs at least {MIN_QUESTIONS}, each written ??? question \"…\" with "
                            f"the answer indented under it")
    return problems, questions


def check(docs: Path, root: Path = ROOT) -> Result:
    result = Result()
    for path in sorted(docs.rglob("*.md")):
        rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
        try:
            page = read_page(path)
        except (FrontMatterError, OSError, UnicodeDecodeError) as exc:
            result.problems.append(f"{rel}:1: {exc}")
            continue
        result.problems.extend(check_images(page, rel))
        if page.exempt:
            result.exempt_pages += 1
            continue
        result.topic_pages += 1
        problems, questions = check_page(page, rel)
        result.problems.extend(problems)
        result.questions += questions
    return result


def main(argv=None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Check the page contract of every topic page.")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs")
    args = parser.parse_args(argv)
    result = check(args.docs)
    for p in result.problems:
        print(p, file=sys.stderr)
    if result.problems:
        print(f"page_contract: {len(result.problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"page_contract: {result.topic_pages} topic pages follow the contract "
          f"({result.questions} interview questions); {result.exempt_pages} pages exempt")
    return 0


if __name__ == "__main__":
    sys.exit(main())
