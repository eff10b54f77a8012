#!/usr/bin/env python3
"""Check that every topic page follows the page contract.

A topic page (every page under docs/ unless its front matter says
``contract: exempt``) must have:

* front matter with ``title``, ``description``, ``core_formula`` (TeX) and ``key_idea``;
* right under the ``#`` title, the goal box ``!!! abstract "What you will be able to do"``:
  one short paragraph (at most 80 words);
* exactly these ``##`` sections, in this order: Think of it like…, In plain English,
  The math, Worked example, Code, Check yourself, Interview questions, Key takeaways;
* in "Think of it like…", a paragraph that starts ``**Where the analogy breaks.**``;
* at least one worked example (an ``example`` admonition) in "Worked example";
* a snippet included with ``--8<--`` in "Code";
* in "Check yourself", 3 to 5 exercises: ``!!! exercise "Exercise N: …"`` blocks, each checked
  (a check marker first; scripts/check_examples.py compares every number) with its worked answer
  in a nested ``??? success "Answer"``;
* at least one figure: an image with alt text, in a light (``#only-light``) and a dark
  (``#only-dark``) variant; every image on every page needs alt text;
* at least 6 interview questions, each a collapsible ``??? question <type> <difficulty> "…"``
  block with a non-empty model answer; the type is one of conceptual, derivation, debugging,
  coding, estimation and the difficulty one of easy, medium, hard; no question is asked twice on
  the site;
* "Key takeaways": 3 to 6 bullets;
* a core path (prose outside collapsible ``???`` blocks, not counting code and math) of at most
  3,000 words: move advanced asides into ``??? info "Deep dive: …"`` blocks.

Each page's findings are kept for its text for the rest of the process, so ``mkdocs serve``
re-reads only the pages that changed; the site-wide rule (no question asked twice) is applied to
all of them on every check.

    python scripts/page_contract.py          # check docs/
"""
from __future__ import annotations

import re
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))

import check_examples  # noqa: E402
from build_cache import Store, digest  # noqa: E402

SECTIONS = ["Think of it like…", "In plain English", "The math", "Worked example", "Code",
            "Check yourself", "Interview questions", "Key takeaways"]
FRONT_MATTER_KEYS = ["title", "description", "core_formula", "key_idea"]
MIN_QUESTIONS = 6
EXERCISES = (3, 5)
TAKEAWAYS = (3, 6)
GOAL_TITLE = "What you will be able to do"
GOAL_WORDS = 80
CORE_WORDS = 3000
ANALOGY_LIMIT = "**Where the analogy breaks.**"
QUESTION_TYPES = ("conceptual", "derivation", "debugging", "coding", "estimation")
DIFFICULTIES = ("easy", "medium", "hard")
ANCHOR_WORDS = 6  # a question's id is q- and its first words (question_anchor)
IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
HTML_IMG = re.compile(r"<img\b(?P<attrs>[^>]*)>", re.I)
QUESTION = re.compile(r"^(?P<indent>\s*)\?\?\?\+?\s+question(?P<tags>(?:\s+[\w-]+)*)\s+\"(?P<q>[^\"]+)\"\s*$")
EXERCISE = re.compile(r"^(?P<indent>\s*)!!!\s+exercise\s+\"(?P<title>[^\"]+)\"\s*$")
ANSWER = re.compile(r"^\s*\?\?\?\+?\s+success\s+\"Answer\"\s*$")
WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")


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
    words: dict[str, tuple[int, int]] = field(default_factory=dict)  # rel -> (core path, all words)
    question_pages: dict[str, str] = field(default_factory=dict)  # question key -> rel
    bank: list[Question] = field(default_factory=list)  # every topic page's questions, page by page


class FrontMatterError(Exception):
    pass


def read_page(path: Path, text: str | None = None) -> Page:
    """Split a Markdown file (or ``text``, its content) into front matter (dict) and body."""
    text = path.read_text(encoding="utf-8") if text is None else text
    lines = text.splitlines(keepends=True)
    meta, first, problems = check_examples.front_matter([line.rstrip("\r\n") for line in lines], "")
    if problems:
        raise FrontMatterError(problems[0].removeprefix(":1: "))
    return Page(path, meta, "".join(lines[first:]), first + 1)


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


def block_body(lines: list[str], k: int) -> list[tuple[int, str]]:
    """The indented body of the block whose header is lines[k], as (index, line) pairs."""
    base = len(lines[k]) - len(lines[k].lstrip())
    body = []
    for j in range(k + 1, len(lines)):
        y = lines[j]
        if y.strip() and len(y) - len(y.lstrip()) <= base:
            break
        body.append((j, y))
    while body and not body[-1][1].strip():
        body.pop()
    return body


def core_words(page: Page) -> int:
    """Words of the core path: prose outside collapsible ??? blocks, without code, math or markup."""
    kept: list[str] = []
    lines = page.body.splitlines()
    in_fence = False
    skip_deeper_than: int | None = None
    for line in lines:
        if re.match(r"^\s*(```|~~~)", line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        indent = len(line) - len(line.lstrip())
        if skip_deeper_than is not None:
            if not line.strip() or indent > skip_deeper_than:
                continue
            skip_deeper_than = None
        if re.match(r"^\s*\?\?\?", line):
            skip_deeper_than = indent
            continue
        kept.append(line)
    text = "\n".join(kept)
    for pattern in (r"\$\$.*?\$\$", r"\\\[.*?\\\]", r"\\begin\{(\w+\*?)\}.*?\\end\{\1\}", r"\$[^$\n]+\$",
                    r"\\\(.*?\\\)", r"<!--.*?-->", r"<[^>]+>", r"\]\([^)]*\)", r"^\s*\|?[-:| ]+\|?\s*$",
                    r"^\s*(!!!|\?\?\?)\+?\s+[\w-]+(\s+[\w-]+)*"):
        text = re.sub(pattern, " ", text, flags=re.S | re.M)
    return len(WORD.findall(text))


def check_goal(page: Page, rel: str) -> list[str]:
    lines = page.body.splitlines()
    title = next((k for k, x in enumerate(lines) if x.startswith("# ")), None)
    first = next((k for k in range(title + 1, len(lines)) if lines[k].strip()), None) if title is not None else None
    hint = f'!!! abstract "{GOAL_TITLE}" with one short paragraph right under the # title'
    if first is None or lines[first].strip() != f'!!! abstract "{GOAL_TITLE}"':
        where = page.body_start + (first if first is not None else 0)
        return [f"{rel}:{where}: the page must open with its goal: {hint}"]
    body = [x for _, x in block_body(lines, first)]
    paragraphs = [p for p in "\n".join(body).split("\n\n") if p.strip()]
    words = len(WORD.findall(" ".join(body)))
    if len(paragraphs) != 1 or words > GOAL_WORDS:
        return [f"{rel}:{page.body_start + first}: the goal box has {len(paragraphs)} paragraph(s) and "
                f"{words} words: write one short paragraph of at most {GOAL_WORDS} words"]
    return []


def check_exercises(lines: list[str], line: int, rel: str) -> list[str]:
    problems = []
    found = [k for k, x in enumerate(lines) if EXERCISE.match(x)]
    for k in found:
        title = EXERCISE.match(lines[k]).group("title")
        body = block_body(lines, k)
        first = next((x for _, x in body if x.strip()), "")
        if not check_examples.MARKER.match(first):
            problems.append(f"{rel}:{line + k + 1}: the exercise {title!r} is not checked: its first line "
                            f"must be <!-- check: snippets/<file>.py:exercise_<what> -->")
        answers = [j for j, x in body if ANSWER.match(x)]
        if not answers or not any(x.strip() for _, x in block_body(lines, answers[0])):
            problems.append(f"{rel}:{line + k + 1}: the exercise {title!r} has no worked answer: nest "
                            f'??? success "Answer" with the working under the question')
    low, high = EXERCISES
    if not low <= len(found) <= high:
        problems.append(f"{rel}:{line}: 'Check yourself' has {len(found)} exercise(s): write {low} to "
                        f'{high}, each !!! exercise "Exercise N: …"')
    return problems


def check_takeaways(lines: list[str], line: int, rel: str) -> list[str]:
    bullets = [x for x in lines if re.match(r"^[-*+]\s+\S", x)]
    low, high = TAKEAWAYS
    if not low <= len(bullets) <= high:
        return [f"{rel}:{line}: 'Key takeaways' has {len(bullets)} bullet(s): write {low} to {high}"]
    return []


def question_key(title: str) -> str:
    """A question's identity for spotting the same question on two pages."""
    return re.sub(r"[^a-z0-9]+", " ", title.lower()).strip()


def question_anchor(title: str) -> str:
    """The id of a question on its page (and in the question bank): q- and its first words."""
    return "q-" + "-".join(question_key(title).split()[:ANCHOR_WORDS])


@dataclass
class Question:
    """One interview question as written on its page: the bank (question_bank.py) copies it."""
    rel: str  # docs/<page>.md
    line: int  # line number of the ??? question header
    kind: str  # one of QUESTION_TYPES (as written, when the tags are wrong)
    level: str  # one of DIFFICULTIES
    title: str
    answer: list[str]  # the model answer's lines, dedented to the block's body

    @property
    def anchor(self) -> str:
        return question_anchor(self.title)


def interview_questions(lines: list[str], line: int, rel: str) -> tuple[list[Question], list[str]]:
    """The questions with model answers in the "Interview questions" section, whose heading is on
    line ``line`` and whose ``lines`` follow it, and the problems of their tags and answers."""
    questions: list[Question] = []
    problems: list[str] = []
    for k, x in enumerate(lines):
        m = QUESTION.match(x)
        if not m:
            continue
        tags = m.group("tags").split()
        kinds = [t for t in tags if t in QUESTION_TYPES]
        levels = [t for t in tags if t in DIFFICULTIES]
        if len(kinds) != 1 or len(levels) != 1 or len(tags) != 2:
            problems.append(
                f"{rel}:{line + k + 1}: tag the question {m.group('q')!r} with one type and one "
                f"difficulty: ??? question <{'|'.join(QUESTION_TYPES)}> <{'|'.join(DIFFICULTIES)}> \"…\"")
        base = len(m.group("indent"))
        answer = []
        for y in lines[k + 1:]:
            if y.strip() and len(y) - len(y.lstrip()) <= base:
                break
            answer.append(y)
        while answer and not answer[-1].strip():
            answer.pop()
        while answer and not answer[0].strip():
            answer.pop(0)
        if not answer:
            problems.append(f"{rel}:{line + k + 1}: the question {m.group('q')!r} has no model answer")
            continue
        body = [y for y in answer if y.strip()]
        cut = min(len(y) - len(y.lstrip()) for y in body)
        questions.append(Question(rel, line + k + 1, (kinds or tags or [""])[0], (levels or [""])[0],
                                  m.group("q"), [y[cut:] for y in answer]))
    return questions, problems


def check_page(page: Page, rel: str) -> tuple[list[str], list[Question]]:
    """Problems of one topic page, and its interview questions (those with model answers)."""
    problems: list[str] = check_goal(page, rel)
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
    if "Think of it like…" in by_name:
        line, lines = by_name["Think of it like…"]
        if not any(x.strip().startswith(ANALOGY_LIMIT) for x in lines):
            problems.append(f"{rel}:{line}: the analogy must say where it stops working: add a paragraph "
                            f"that starts {ANALOGY_LIMIT}")
    if "Check yourself" in by_name:
        problems += check_exercises(by_name["Check yourself"][1], by_name["Check yourself"][0], rel)
    if "Key takeaways" in by_name:
        problems += check_takeaways(by_name["Key takeaways"][1], by_name["Key takeaways"][0], rel)
    words = core_words(page)
    if words > CORE_WORDS:
        problems.append(f"{rel}:{page.body_start}: the core path has {words:,} words (at most "
                        f"{CORE_WORDS:,}): move advanced asides into ??? info \"Deep dive: …\" blocks")
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
    questions: list[Question] = []
    if "Interview questions" in by_name:
        line, lines = by_name["Interview questions"]
        questions, found_problems = interview_questions(lines, line, rel)
        problems += found_problems
        if len(questions) < MIN_QUESTIONS:
            problems.append(f"{rel}:{line}: {len(questions)} interview question(s) with model answers; a topic "
                            f"page needs at least {MIN_QUESTIONS}, each written ??? question \"…\" with "
                            f"the answer indented under it")
    return problems, questions


_checked_pages = Store()  # rel -> one page's findings, for the page's text (mkdocs serve rechecks only edits)


def check_one(path: Path, rel: str) -> dict:
    """One page's findings: what the site-wide check adds up. Raises FrontMatterError, OSError.

    A function of the page's text alone, so it is kept per text for the rest of the process.
    """
    text = path.read_text(encoding="utf-8")
    key = digest(text)
    found = _checked_pages.get(rel, key)
    if found is None:
        page = read_page(path, text)
        found = {"exempt": page.exempt, "problems": check_images(page, rel), "questions": [], "words": None,
                 "asked": [(page.body_start + k, m.group("q")) for k, x in enumerate(page.body.splitlines())
                           if (m := QUESTION.match(x))]}
        if not page.exempt:
            problems, questions = check_page(page, rel)
            found["questions"] = [asdict(q) for q in questions]
            found["problems"] += problems
            found["words"] = (core_words(page), len(WORD.findall(page.body)))
        _checked_pages.put(rel, key, found)
    return found


def check(docs: Path, root: Path = ROOT) -> Result:
    result = Result()
    for path in sorted(docs.rglob("*.md")):
        rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
        try:
            page = check_one(path, rel)
        except (FrontMatterError, OSError, UnicodeDecodeError) as exc:
            result.problems.append(f"{rel}:1: {exc}")
            continue
        result.problems.extend(page["problems"])
        if page["exempt"]:
            result.exempt_pages += 1
            continue
        result.topic_pages += 1
        result.questions += len(page["questions"])
        result.bank += [Question(**q) for q in page["questions"]]
        result.words[rel] = page["words"]
        for line, question in page["asked"]:
            key = question_key(question)
            if key in result.question_pages:
                result.problems.append(
                    f"{rel}:{line}: the question {question!r} is already asked on "
                    f"{result.question_pages[key]}: ask each question once on the site (link to it instead)")
            else:
                result.question_pages[key] = rel
    result.problems += anchor_clashes(result.bank)
    return result


def anchor_clashes(questions: list[Question]) -> list[str]:
    """Two different questions whose ids (their first words) are the same: links would mix them up."""
    problems, seen = [], {}
    for q in questions:
        first = seen.setdefault(q.anchor, q)
        if first is not q and question_key(first.title) != question_key(q.title):  # same: reported above
            problems.append(f"{q.rel}:{q.line}: the question {q.title!r} starts with the same "
                            f"{ANCHOR_WORDS} words as {first.title!r} ({first.rel}:{first.line}), so both "
                            f"would get the id {q.anchor}: reword the start of one")
    return problems


def main(argv=None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Check the page contract of every topic page.")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs")
    parser.add_argument("--words", action="store_true", help="print each page's core and total words")
    args = parser.parse_args(argv)
    result = check(args.docs)
    if args.words:
        for rel, (core, total) in result.words.items():
            print(f"{rel:32} core path {core:>5} words (limit {CORE_WORDS}), {total:>5} in all")
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
