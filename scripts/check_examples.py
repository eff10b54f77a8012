#!/usr/bin/env python3
"""Check every number on every page against the snippet that computes it.

Every number a page states is either *checked* against a snippet function's transcript or a
declared *given* (an input the text chooses).  Three things check numbers:

* **Checked blocks.**  An admonition whose first body line is a marker is checked as a whole::

      !!! example "Worked example: a 2 → 3 → 1 network"

          <!-- check: snippets/forward_pass.py:worked_example -->

          The first hidden unit gets $z_1 = 0.5 \\cdot 1 + (-0.2) \\cdot 2 + 0.1 = 0.2$.

  Worked examples (``!!! example``), exercises (``!!! exercise``, answer nested inside) and Common
  mistakes (``!!! failure "Common mistake: …"``) must have a marker; interview answers and deep
  dives may.  A worked example may not contain fenced
  code; in other blocks fenced code is allowed and not read.
* **Regions.**  Outside checked blocks, a marker at the left margin starts a region that runs to
  the next such marker or the end of the page; its function's transcript covers every number in
  the region that is not a given.
* **Givens.**  The front matter lists the page's inputs once: ``givens: [0.9, 2, "1e-8"]``.  Any
  number outside checked blocks with one of those values (compared as values: ``42%`` is 0.42) is a
  given.  ``<span class="nocheck">3</span>`` in prose and ``\\nocheck{3}`` in TeX mark a one-off.
  Any other number outside checked blocks and regions fails the check.

The named function returns the *transcript*: the numbers the text states, in reading order, each
with a name: a list of ``(name, value)`` pairs (or a dict).  A value may be a NumPy array; it
stands for its elements in row-major order, named ``W1[0,1]`` and so on.  NaN, infinity, booleans
and strings are refused.

The checker reads every number of a block or region (admonition titles, prose, tables, figure alt
text, inline code and TeX) in reading order and requires it to agree one to one with the transcript,
each number at the precision the text shows it.  The rules, all tested in
``tests/test_check_examples.py``:

* ``0.5866`` means "the value rounded to 4 decimals"; an integer must match
  exactly (up to floating-point noise); ``42%`` / ``42\\%`` is the value times
  100; ``1.2e-3`` and ``1.2 \\times 10^{-3}`` compare the mantissa at its
  decimals; a bare power of ten in TeX (``10^{-7}``, ``10^2``) is one number,
  exactly that power; ``799,900`` and ``799{,}900`` are thousands separators.
* A minus sign belongs to a number when it is written against it and not
  glued to a preceding word or number (``-0.2``, ``(−0.2)``, ``e^{-0.35}``);
  ``1 - 0.5`` and ``2-3`` are subtractions.  Sign of zero is not compared.
* Not numbers: TeX subscripts (``w_1``, ``a_{12}``); TeX superscripts that are
  powers or indices (``x^2``, ``x^3``, ``W^T``, ``a^{(l)}``, ``a^{(1)\\top}``,
  ``\\beta^{t+1}``) -- every other superscript is data and is read
  (``\\theta^{7}``, ``e^{1002}``, ``0.9^{10}``, ``e^{-1}``); the optional argument of
  ``\\sqrt[3]``; digits inside names (``W1``, ``L2``); ordinals (``2nd``);
  ordered-list markers; link targets and HTML tags; HTML comments; fenced code
  outside worked examples; front matter.
* Refused with an error: a number glued to a word (``3x``, ``2D``), a fraction
  without its leading zero (``.5``), two numbers in one token (``1.2.3``),
  two-digit shorthand (``\\frac12``), a fenced code block inside a worked
  example, a missing, misplaced or malformed marker, malformed givens.

Run ``python scripts/check_examples.py`` to check all pages, or
``python scripts/check_examples.py --show docs/page.md`` to see how each
number of a page lines up with its transcript.

The MkDocs build checks with a cache (``check(..., cache=.cache/build)``, ``--cache`` here): a page
that passed is not checked again while its text, the snippets its markers name, every snippet
those import (followed as scripts/make_figures.py follows them), the checker, Python and NumPy are
unchanged, and a transcript is not run again while its snippet and its imports are unchanged. Only
passing pages and transcripts that ran are stored, so a failure is always found afresh. A check
imports the snippets afresh, so under ``mkdocs serve`` an edited snippet is run as it is now, also
where another snippet imports it. Transcripts must be pure: the same value however often and in
whatever order they are called (tests/test_incremental.py checks every page's).
"""
from __future__ import annotations

import argparse
import contextlib
import copy
import functools
import importlib.util
import math
import re
import sys
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))

import make_figures  # noqa: E402 - its import walk tells when a snippet's imports changed
from build_cache import Store, digest, file_digest  # noqa: E402

# --------------------------------------------------------------------------
# Data


@dataclass(frozen=True)
class Number:
    """A number as the text states it."""

    text: str  # exactly as written, e.g. "−0.25", "42%", "1.2 \\times 10^{-3}"
    value: float  # what the text says, on its own scale, e.g. -0.25, 42.0, 1.2
    decimals: int | None  # digits after the point; None for an integer
    line: int  # 1-based line in the Markdown file
    scale: str = ""  # "" plain, "%" percent, "e<k>" times 10**k
    col: int = -1  # 0-based column of the first character on that line
    kind: str = ""  # "example", "checked", "given" or "unchecked" (set by analyse_page)

    def matches(self, computed: float) -> bool:
        """True if ``computed`` rounds to this number at the precision shown."""
        target = self.shown(computed)
        if not math.isfinite(target) or not math.isfinite(self.value):
            return False
        if self.decimals is None:
            return abs(target - self.value) <= 1e-9 * max(1.0, abs(self.value))
        half_unit = 0.5 * 10.0 ** (-self.decimals)
        return abs(target - self.value) <= half_unit * (1 + 1e-9)

    def shown(self, computed: float) -> float:
        """The computed value on the scale the text uses (percent, ×10^k); never raises."""
        if self.scale == "%":
            return computed * 100.0
        if self.scale.startswith("e") and math.isfinite(computed):
            return float(Decimal(float(computed)).scaleb(-int(self.scale[1:])))
        return computed

    @property
    def true_value(self) -> float:
        """What the text means, on no scale: 42% is 0.42, 1.2 × 10^-3 is 0.0012."""
        if self.scale == "%":
            return self.value / 100.0
        if self.scale.startswith("e") and math.isfinite(self.value):
            return float(Decimal(self.value).scaleb(int(self.scale[1:])))
        return self.value

    @property
    def suffix(self) -> str:
        """How the text writes the scale: '', '%' or ' × 10^k'."""
        return {"": "", "%": "%"}.get(self.scale, f" × 10^{self.scale[1:]}")

    def describe(self, computed: float) -> str:
        """'(0.5866 at 4 decimals)'-style explanation of the comparison."""
        target = self.shown(computed)
        if self.decimals is None:
            return "(an integer must match exactly)"
        plural = "decimal" if self.decimals == 1 else "decimals"
        return f"({target:.{self.decimals}f}{self.suffix} at {self.decimals} {plural})"


@dataclass
class Block:
    """An admonition whose numbers are checked against one snippet function.

    ``kind`` is "example" (a worked example: ``!!! example``), "mistake" (a Common mistake:
    ``!!! failure "Common mistake: …"``), "exercise" (``!!! exercise``, with its nested answer) or
    "block" (any other admonition whose first body line is a check marker, such as an interview
    answer or a deep dive).
    """

    page: Path  # the Markdown file
    title: str
    line: int  # line of the admonition header
    title_col: int
    body: list[tuple[int, str]]  # (line number, text) of the indented body
    marker: tuple[str, str] | None = None  # (snippet path, function name)
    marker_line: int = 0
    kind: str = "example"

    @property
    def says(self) -> str:
        return "the example says" if self.kind == "example" else "the page says"

    @property
    def where(self) -> str:
        noun = {"example": "the example", "mistake": "the Common mistake",
                "exercise": "the exercise"}.get(self.kind, "the block")
        return f"{noun} '{self.title}'"


Example = Block  # the name the worked-example checker had


@dataclass
class Region:
    """The numbers outside checked blocks from one top-level marker to the next."""

    line: int  # line of the marker
    marker: tuple[str, str]
    numbers: list[Number] = field(default_factory=list)
    given_valued: list[Number] = field(default_factory=list)  # numbers here that equal a given

    says = "the page says"

    @property
    def where(self) -> str:
        return f"the region that starts at line {self.line}"


@dataclass
class PageResult:
    """Everything the checker finds on one page."""

    rel: str
    blocks: list[Block] = field(default_factory=list)
    block_numbers: list[list[Number]] = field(default_factory=list)  # one list per block
    regions: list[Region] = field(default_factory=list)
    givens: list[Number] = field(default_factory=list)
    nocheck: int = 0  # numbers marked <span class="nocheck"> or \nocheck{} outside blocks
    unchecked: list[Number] = field(default_factory=list)  # outside every block and region
    problems: list[str] = field(default_factory=list)

    def numbers(self) -> list[Number]:
        """Every number the checker reads on the page, in page order, each with its kind."""
        out = [n for ns in self.block_numbers for n in ns]
        out += [n for r in self.regions for n in r.numbers] + self.givens + self.unchecked
        return sorted(out, key=lambda n: (n.line, n.col))


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    pages: int = 0
    examples: int = 0
    numbers: int = 0  # numbers checked inside worked examples
    blocks: int = 0  # other checked blocks (Common mistakes, answers, deep dives)
    outside: int = 0  # numbers checked outside worked examples (other blocks and regions)
    givens: int = 0  # declared givens (front matter list, nocheck spans)
    by_page: dict[str, tuple[int, list[str]]] = field(default_factory=dict)  # rel -> (checked, snippets)

    def summary(self) -> str:
        return (
            f"check_examples: {self.numbers + self.outside} numbers on {self.pages} pages agree with "
            f"their snippets: {self.numbers} in {self.examples} worked examples, {self.outside} outside "
            f"them ({self.blocks} other checked blocks and the pages' regions); {self.givens} givens"
        )


class CheckError(Exception):
    """A problem that stops the check of one example (reported, not raised to the user)."""


# --------------------------------------------------------------------------
# Finding checked blocks, regions and givens

ADMONITION = re.compile(
    r"^(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?)[ \t]+(?P<type>[\w-]+)(?P<classes>(?:[ \t]+[\w-]+)*)(?P<rest>.*)$")
MARKER = re.compile(r"^\s*<!--\s*check:\s*(?P<file>[\w./-]+\.py):(?P<func>[A-Za-z_]\w*)\s*-->\s*$")
MARKER_LIKE = re.compile(r"<!--\s*check\b")
FENCE = re.compile(r"^\s*(```|~~~)")
MARKER_HINT = "<!-- check: snippets/<file>.py:<function> -->"


def indent_width(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))


def front_matter(lines: list[str], rel: str) -> tuple[dict, int, list[str]]:
    """The page's YAML front matter, the index of its first body line, and problems.

    The one front-matter reader of the build (the contract and notation checks use it too).
    The dict is the caller's own copy.
    """
    if not lines or lines[0].strip() != "---":
        return {}, 0, []
    for k in range(1, len(lines)):
        if lines[k].strip() == "---":
            meta = _yaml_mapping("\n".join(lines[1:k]))
            if isinstance(meta, str):
                return {}, k + 1, [f"{rel}:1: {meta}"]
            return copy.deepcopy(meta), k + 1, []
    return {}, 0, [f"{rel}:1: the front matter starts with --- but never ends with ---"]


@functools.lru_cache(maxsize=256)  # the hooks read every page's front matter on every (serve) build
def _yaml_mapping(text: str) -> dict | str:
    """The front matter's mapping, or what is wrong with it (callers copy the dict)."""
    try:
        meta = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        return "the front matter is not valid YAML: " + str(exc).replace("\n", " ")
    if not isinstance(meta, dict):
        return "the front matter must be a mapping of keys to values"
    return meta


def read_givens(meta: dict, lines: list[str], rel: str) -> tuple[list[float], list[str]]:
    """The values listed under ``givens:`` in the front matter."""
    raw = meta.get("givens")
    if raw is None:
        return [], []
    line = next((k + 1 for k, t in enumerate(lines) if t.startswith("givens:")), 1)
    hint = 'write givens: [0.9, 2, "1e-8"] (a list of numbers; quote e-notation)'
    if not isinstance(raw, list):
        return [], [f"{rel}:{line}: givens must be a list of numbers: {hint}"]
    values, problems = [], []
    for item in raw:
        if isinstance(item, bool) or not isinstance(item, (int, float, str)):
            problems.append(f"{rel}:{line}: givens: {item!r} is not a number: {hint}")
            continue
        scan = Scanner(str(item).strip(), line, rel)
        scan.scan()
        whole = len(scan.numbers) == 1 and scan.numbers[0].text == str(item).strip()
        if not whole or scan.problems or not math.isfinite(scan.numbers[0].true_value):
            problems.append(f"{rel}:{line}: givens: {item!r} is not one number as a page writes it: {hint}")
            continue
        values.append(scan.numbers[0].true_value)
    return values, problems


def is_given(number: Number, givens: list[float]) -> bool:
    value = number.true_value
    return any(math.isclose(value, g, rel_tol=1e-12) for g in givens)  # 0 covers only 0


def parse_admonition(lines: list[str], i: int, m: re.Match, rel: str, page: Path
                     ) -> tuple[Block | None, int, list[str]]:
    """The admonition that starts at lines[i]: a Block if it is checked, its end, problems."""
    base = indent_width(lines[i])
    kind_name = m.group("type")
    title_match = re.match(r'\s*"(?P<title>[^"]*)"', m.group("rest"))
    title = title_match.group("title") if title_match else ""
    title_col = lines[i].index('"') + 1 if title_match else 0
    j = i + 1
    while j < len(lines) and (not lines[j].strip() or indent_width(lines[j]) > base):
        j += 1
    end = j
    body = [(k + 1, lines[k]) for k in range(i + 1, end)]
    while body and not body[-1][1].strip():
        body.pop()
    first = next((t for _, t in body if t.strip()), "")
    if kind_name == "example":
        kind = "example"
    elif kind_name == "failure" and title.lower().startswith("common mistake"):
        kind = "mistake"
    elif kind_name == "exercise":
        kind = "exercise"
    elif MARKER.match(first):
        kind = "block"
    else:
        return None, end, []
    block = Block(page=page, title=title, line=i + 1, title_col=title_col, body=body, kind=kind)
    problems: list[str] = []
    in_fence = False
    for lineno, body_line in body:
        if FENCE.match(body_line):
            in_fence = not in_fence
            if kind == "example":
                problems.append(
                    f"{rel}:{lineno}: a fenced code block inside the worked example "
                    f"'{title}': its numbers could not be checked; move code to the Code section"
                )
            continue
        if in_fence and kind != "example":
            continue
        mm = MARKER.match(body_line)
        if mm:
            if block.marker:
                problems.append(
                    f"{rel}:{lineno}: a second check marker in {block.where}: each checked block "
                    f"names exactly one snippet function"
                )
            block.marker = (mm.group("file"), mm.group("func"))
            block.marker_line = lineno
        elif MARKER_LIKE.search(body_line):
            problems.append(
                f"{rel}:{lineno}: malformed check marker {body_line.strip()!r}: write "
                f"{MARKER_HINT} on a line of its own"
            )
    if block.marker is None and not any(MARKER_LIKE.search(t) for _, t in body):
        noun = {"example": "worked example", "exercise": "exercise"}.get(kind, "Common mistake")
        problems.append(f"{rel}:{block.line}: the {noun} '{title}' names no snippet: add {MARKER_HINT} "
                        f"as its first line")
    return block, end, problems


def find_blocks(page: Path, text: str, rel: str
                ) -> tuple[list[Block], list[tuple[int, str]], list[tuple[int, tuple[str, str]]], dict,
                           list[str]]:
    """Split a page into checked blocks, the lines outside them, region markers and front matter.

    Returns (blocks, outside lines as (line number, text), region markers as (line, (file,
    function)), front matter, problems). Fenced code and front matter are in neither.
    """
    lines = text.splitlines()
    meta, i, problems = front_matter(lines, rel)
    blocks: list[Block] = []
    outside: list[tuple[int, str]] = []
    regions: list[tuple[int, tuple[str, str]]] = []
    in_fence = False
    while i < len(lines):
        line = lines[i]
        if FENCE.match(line):
            in_fence = not in_fence
            i += 1
            continue
        if in_fence:
            i += 1
            continue
        m = ADMONITION.match(line)
        if m:
            block, end, found = parse_admonition(lines, i, m, rel, page)
            problems += found
            if block is not None:
                blocks.append(block)
                i = end
                continue
        mm = MARKER.match(line)
        if mm and indent_width(line) == 0:
            regions.append((i + 1, (mm.group("file"), mm.group("func"))))
        elif mm or MARKER_LIKE.search(line):
            problems.append(
                f"{rel}:{i + 1}: a check marker belongs on a line of its own, either at the left margin "
                f"(it checks the numbers that follow, up to the next marker) or as the first line of an "
                f"admonition; write {MARKER_HINT}"
            )
        else:
            outside.append((i + 1, line))
        i += 1
    return blocks, outside, regions, meta, problems


def find_examples(page: Path, text: str, rel: str) -> tuple[list[Block], list[str]]:
    """The page's checked blocks (worked examples and the rest) and the problems found on the way."""
    blocks, _, _, _, problems = find_blocks(page, text, rel)
    return blocks, problems


# --------------------------------------------------------------------------
# Reading numbers

# An unsigned number: integer part with optional thousands separators
# (",", "{,}" or "\," in TeX), optional fraction, optional e-exponent.
NUM = re.compile(
    r"(?P<int>\d{1,3}(?:(?:,|\{,\}|\\,)\d{3})+(?!\d)|\d+)"
    r"(?P<frac>\.\d+)?"
    r"(?:[eE](?P<exp>[-+−]?\d+)(?!\w|\.\d))?"
)
SCI_TEX = re.compile(r"\s*(?:\\times|\\cdot)\s*10\s*\^\s*(?:\{\s*(?P<a>[-−]?\d+)\s*\}|(?P<b>\d))")
POWER_OF_TEN = re.compile(r"\s*\^\s*(?:\{\s*(?P<a>[-−]?\d+)\s*\}|(?P<b>\d))")
PERCENT = re.compile(r"\s*(?:\\%|%)")
ORDINAL = re.compile(r"(?:st|nd|rd|th)(?![A-Za-z])")
MINUS = "-−"
OTHER_SUPERSCRIPTS = "⁰¹⁴⁵⁶⁷⁸⁹⁻⁺"  # ² and ³ are powers, like x^2 and x^3: not numbers


def digit(c: str) -> bool:
    """An ASCII digit (str.isdigit is true for ², ³ and other digits the number pattern cannot read)."""
    return "0" <= c <= "9"


def make_number(m: re.Match, negative: bool, line: int, text: str, col: int) -> Number:
    int_part = re.sub(r"\{,\}|\\,|,", "", m.group("int"))
    frac = m.group("frac")
    value = float(int_part + (frac or ""))
    decimals = len(frac) - 1 if frac else None
    scale = ""
    if m.group("exp"):
        scale = "e" + m.group("exp").replace("−", "-").lstrip("+")
        if decimals is None:
            decimals = 0
    return Number(text=text, value=-value if negative else value, decimals=decimals, line=line,
                  scale=scale, col=col)


class Scanner:
    """Walks a worked example's body and yields its numbers in reading order."""

    GREEK_LIKE = {
        "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta",
        "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon",
        "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi",
        "Pi", "Sigma", "Phi", "Psi", "Omega", "ell", "infty", "top", "dots", "ldots",
        "cdots", "prime",
    }

    def __init__(self, text: str, first_line: int, rel: str, first_col: int = 0):
        self.s = text
        self.first_line = first_line
        self.first_col = first_col
        self.rel = rel
        self.numbers: list[Number] = []
        self.problems: list[str] = []
        self.nocheck = 0  # numbers marked as not results

    def line_of(self, pos: int) -> int:
        return self.first_line + self.s.count("\n", 0, pos)

    def col_of(self, pos: int) -> int:
        start = self.s.rfind("\n", 0, pos) + 1
        return pos - start + (self.first_col if start == 0 else 0)

    # -- prose -------------------------------------------------------------
    def prose(self, start: int, end: int) -> None:
        s = self.s
        i = start
        while i < end:
            c = s[i]
            if c == "<":  # HTML tag, comment or nocheck span
                if s.startswith("<!--", i):
                    close = s.find("-->", i)
                    i = end if close < 0 else close + 3
                    continue
                nocheck = re.match(r'<span\s+class="nocheck"\s*>', s[i:end])
                if nocheck:
                    close = s.find("</span>", i)
                    self.nocheck += 1
                    i = end if close < 0 else close + len("</span>")
                    continue
                tag = re.match(r"</?[A-Za-z][^>]*>", s[i:end])
                if tag:
                    i += tag.end()
                    continue
            if c == "]" and i + 1 < end and s[i + 1] in "([":  # link target / reference
                close = s.find(")" if s[i + 1] == "(" else "]", i + 2)
                i = end if close < 0 else close + 1
                continue
            if c == "[" and s.startswith("[^", i):  # footnote reference
                close = s.find("]", i)
                i = end if close < 0 else close + 1
                continue
            at_line_start = i == 0 or s[i - 1] == "\n" or s[max(0, s.rfind("\n", 0, i) + 1):i].strip() == ""
            if digit(c) and at_line_start:
                lm = re.match(r"\d+[.)]\s", s[i:end])
                if lm:  # ordered-list marker
                    i += lm.end()
                    continue
            if c in OTHER_SUPERSCRIPTS:
                j = i
                while j < end and s[j] in OTHER_SUPERSCRIPTS + "²³":
                    j += 1
                self.problems.append(
                    f"{self.rel}:{self.line_of(i)}: write the exponent in TeX ($x^{{-7}}$), not with the "
                    f"Unicode superscript {s[i:j]!r}: the checker must read it")
                i = j
                continue
            if c.isalpha() or c == "_":  # a word, possibly with digits in it (W1, L2)
                j = i
                while j < end and (s[j].isalnum() or s[j] == "_"):
                    j += 1
                i = j
                continue
            if digit(c) or (c in MINUS and i + 1 < end and digit(s[i + 1])):
                i = self.read_prose_number(i, end)
                continue
            i += 1

    def read_prose_number(self, i: int, end: int) -> int:
        s = self.s
        negative = False
        start = i
        if s[i] in MINUS:
            prev = s[i - 1] if i > 0 else " "
            if prev.isalnum() or prev in ")]}._":
                return i + 1  # subtraction or range such as "2-3": the sign is not part of a number
            negative = True
            i += 1
        if self.bare_fraction(i):
            return NUM.match(s, i, end).end()
        m = NUM.match(s, i, end)
        j = m.end()
        if j < end and s[j] == "." and j + 1 < end and digit(s[j + 1]):
            self.problems.append(
                f"{self.rel}:{self.line_of(start)}: cannot read {s[start:j + 2]}…: "
                f"write one number per token"
            )
            return j + 1
        if j < end and (s[j].isalpha() or s[j] == "_"):
            if ORDINAL.match(s, j):
                return ORDINAL.match(s, j).end()
            word_end = j
            while word_end < end and s[word_end].isalnum():
                word_end += 1
            self.problems.append(
                f"{self.rel}:{self.line_of(start)}: the number in {s[start:word_end]!r} is glued to a "
                f"word: put a space between them, or mark it <span class=\"nocheck\">…</span>"
            )
            return word_end
        pct = PERCENT.match(s, j, end)
        number = make_number(m, negative, self.line_of(start), s[start:j], self.col_of(start))
        if pct:
            number = replace(number, text=s[start:pct.end()], scale="%")
            j = pct.end()
        self.numbers.append(number)
        return j

    # -- TeX ---------------------------------------------------------------
    def tex(self, start: int, end: int) -> None:
        s = self.s
        i = start
        prev = "op"  # kind of the previous token: op | value
        while i < end:
            c = s[i]
            if c.isspace():
                i += 1
                continue
            if c == "\\":
                m = re.match(r"\\([A-Za-z]+|.)", s[i:end])
                name = m.group(1) if m else ""
                i += len(m.group(0)) if m else 1
                if name == "nocheck":
                    i = self.skip_group(i, end)
                    self.nocheck += 1
                    prev = "value"
                elif name == "sqrt" and i < end and s[i] == "[":
                    close = s.find("]", i)
                    i = end if close < 0 else close + 1
                    prev = "op"
                elif name in ("begin", "end"):
                    i = self.skip_group(i, end)
                    prev = "op"
                elif name in ("frac", "tfrac", "dfrac", "cfrac", "binom", "tbinom", "dbinom") and \
                        i + 1 < end and digit(s[i]) and digit(s[i + 1]):
                    self.problems.append(
                        f"{self.rel}:{self.line_of(i)}: write \\{name}{{{s[i]}}}{{{s[i + 1]}}}, "
                        f"not \\{name}{s[i:i + 2]}: the checker reads {s[i:i + 2]} as one number"
                    )
                    i += 2
                elif name in ("text", "textbf", "textit", "mathrm", "operatorname", "mbox"):
                    group_end = self.skip_group(i, end)
                    self.prose(i, group_end)
                    i = group_end
                    prev = "value"
                else:
                    prev = "value" if name in self.GREEK_LIKE else "op"
                continue
            if c == "_":
                i = self.skip_script(i + 1, end)
                continue
            if c == "^":
                j = i + 1
                while j < end and s[j].isspace():
                    j += 1
                script_end = self.skip_script(j, end)
                inner = (j + 1, script_end - 1) if s.startswith("{", j) else (j, script_end)
                if not self.index_like(s[inner[0]:inner[1]]):  # e^{-0.35}, \theta^{7}: data
                    self.tex(*inner)
                i = script_end
                prev = "value"
                continue
            if c.isalpha():
                j = i
                while j < end and (s[j].isalnum()):
                    j += 1
                i = j
                prev = "value"
                continue
            if digit(c) or (c in MINUS and i + 1 < end and (digit(s[i + 1]))):
                if c in MINUS and prev == "value":
                    i += 1
                    prev = "op"
                    continue
                i = self.read_tex_number(i, end)
                prev = "value"
                continue
            prev = "value" if c in ")]}|" else "op"
            i += 1

    def read_tex_number(self, i: int, end: int) -> int:
        s = self.s
        start = i
        negative = s[i] in MINUS
        if negative:
            i += 1
        if self.bare_fraction(i):
            return NUM.match(s, i, end).end()
        m = NUM.match(s, i, end)
        number = make_number(m, negative, self.line_of(start), s[start:m.end()], self.col_of(start))
        j = m.end()
        power = POWER_OF_TEN.match(s, j, end) if m.group(0) == "10" else None
        if power:  # 10^{-7}: one number, exactly ten to that power
            exp = int((power.group("a") or power.group("b")).replace("−", "-"))
            self.numbers.append(replace(number, text=s[start:power.end()], value=-1.0 if negative else 1.0,
                                        decimals=None, scale=f"e{exp}"))
            return power.end()
        sci = SCI_TEX.match(s, j, end)
        if sci and number.scale == "":
            exp = (sci.group("a") or sci.group("b")).replace("−", "-")
            decimals = number.decimals if number.decimals is not None else 0
            number = replace(number, text=s[start:sci.end()], decimals=decimals, scale=f"e{int(exp)}")
            j = sci.end()
        else:
            pct = PERCENT.match(s, j, end)
            if pct:
                number = replace(number, text=s[start:pct.end()], scale="%")
                j = pct.end()
        self.numbers.append(number)
        return j

    INDEX_LIKE = re.compile(r"[23]|\([^()]*\)|(?:[A-Za-z]|\\[A-Za-z]+)(?:[-+−]\d)?")
    TRANSPOSE_AND_SPACE = re.compile(r"\\(?:top|intercal|prime|ast|star|dagger|[,;:!])(?![A-Za-z])|[T'*\s{}]")

    def index_like(self, script: str) -> bool:
        """A superscript that is a power or an index, not a value: 2, 3, T, t+1, (l), (1)⊤."""
        core = self.TRANSPOSE_AND_SPACE.sub("", script)
        return not re.search(r"\d", core) or bool(self.INDEX_LIKE.fullmatch(core))

    def bare_fraction(self, i: int) -> bool:
        """Refuse '.5' (a fraction without its leading zero): the reader would misread it."""
        s = self.s
        if i > 0 and s[i - 1] == "." and (i < 2 or not digit(s[i - 2])):
            m = NUM.match(s, i)
            self.problems.append(
                f"{self.rel}:{self.line_of(i)}: write 0.{m.group(0)}, not .{m.group(0)}: a number "
                f"starts with a digit"
            )
            return True
        return False

    def skip_group(self, i: int, end: int) -> int:
        """Index just past a balanced {...} group starting at i (or i if none)."""
        s = self.s
        while i < end and s[i].isspace():
            i += 1
        if i >= end or s[i] != "{":
            return i
        depth = 0
        for j in range(i, end):
            if s[j] == "{" and (j == 0 or s[j - 1] != "\\"):
                depth += 1
            elif s[j] == "}" and s[j - 1] != "\\":
                depth -= 1
                if depth == 0:
                    return j + 1
        return end

    def skip_script(self, i: int, end: int) -> int:
        """Index just past a sub/superscript argument: {...}, \\command or one character."""
        s = self.s
        while i < end and s[i].isspace():
            i += 1
        if i >= end:
            return end
        if s[i] == "{":
            return self.skip_group(i, end)
        if s[i] == "\\":
            m = re.match(r"\\([A-Za-z]+|.)", s[i:end])
            return i + len(m.group(0))
        return i + 1

    # -- both --------------------------------------------------------------
    # Inline code is read as prose (its numbers count); math is read as TeX.
    SEGMENT = re.compile(
        r"(?P<code>(?P<ticks>`+)(?P<code_inner>.+?)(?P=ticks))"
        r"|\$\$(?P<d1>.+?)\$\$|\\\[(?P<d2>.+?)\\\]|\\\((?P<i1>.+?)\\\)"
        r"|(?<![\\$])\$(?!\s)(?P<i2>.+?)(?<![\s\\])\$"
        r"|(?P<env>\\begin\{(?P<env_name>\w+\*?)\}.+?\\end\{(?P=env_name)\})",
        re.S,
    )

    def scan(self) -> list[Number]:
        pos = 0
        for m in self.SEGMENT.finditer(self.s):
            self.prose(pos, m.start())
            if m.group("code"):
                self.prose(m.start("code_inner"), m.end("code_inner"))
            elif m.group("env"):
                self.tex(m.start(), m.end())
            else:
                group = next(g for g in ("d1", "d2", "i1", "i2") if m.group(g) is not None)
                self.tex(m.start(group), m.end(group))
            pos = m.end()
        self.prose(pos, len(self.s))
        return self.numbers


def without_fences(lines: list[str]) -> list[str]:
    """The lines with fenced code blanked out (fence lines included), keeping line numbers."""
    out, in_fence = [], False
    for line in lines:
        fence = bool(FENCE.match(line))
        out.append("" if fence or in_fence else line)
        in_fence ^= fence
    return out


def numbers_in(block: Block, rel: str) -> tuple[list[Number], list[str], int]:
    """Every number a checked block states, in reading order, problems, and its nocheck count.

    A worked example's fenced code is read (and refused); other blocks' code is not read.
    """
    title_scan = Scanner(block.title, block.line, rel, block.title_col)
    title_scan.prose(0, len(block.title))
    first = block.body[0][0] if block.body else block.line + 1
    # Keep line structure: the body lines are consecutive in the file.
    lines = [line for _, line in block.body]
    if block.kind != "example":
        lines = without_fences(lines)
    body_scan = Scanner("\n".join(lines), first, rel)
    body_scan.scan()
    return (title_scan.numbers + body_scan.numbers, title_scan.problems + body_scan.problems,
            title_scan.nocheck + body_scan.nocheck)


def numbers_outside(outside: list[tuple[int, str]], rel: str) -> Scanner:
    """Scan the lines outside checked blocks, keeping their line numbers."""
    if not outside:
        return Scanner("", 1, rel)
    first, last = outside[0][0], outside[-1][0]
    lines = [""] * (last - first + 1)
    for lineno, line in outside:
        lines[lineno - first] = line
    scan = Scanner("\n".join(lines), first, rel)
    scan.scan()
    return scan


# --------------------------------------------------------------------------
# Transcripts


_module_cache: dict[Path, object] = {}
_fresh_dirs: set[Path] = set()  # snippet folders whose modules this check imported afresh


def load_transcript(root: Path, snippet: str, func: str) -> list[tuple[str, float]]:
    """Call ``func`` in ``snippet`` and flatten its transcript to (name, float) pairs.

    During a cached :func:`check` a transcript whose snippet (and what it imports) is unchanged
    comes from the cache instead of being run.
    """
    path = (root / snippet).resolve()
    if not path.is_file():
        raise CheckError(f"{snippet} does not exist: create it or fix the marker's path")
    cache = _active_cache.get("transcripts")
    key = digest(code_digest(), snippet_digest(path), func) if cache is not None else ""
    if cache is not None:
        cached = cache.get(f"{relpath(path, root)}:{func}", key)
        if cached is not None:
            return [(name, value) for name, value in cached]
    flat = run_transcript(path, snippet, func)
    if cache is not None:
        cache.put(f"{relpath(path, root)}:{func}", key, flat)
    return flat


def run_transcript(path: Path, snippet: str, func: str) -> list[tuple[str, float]]:
    module = _module_cache.get(path)
    if module is None:
        snippet_dir = str(path.parent)
        if snippet_dir not in sys.path:
            sys.path.insert(0, snippet_dir)
        if path.parent not in _fresh_dirs:  # its imports too run as the files are now (serve)
            make_figures.forget_snippet_modules(path.parent)
            _fresh_dirs.add(path.parent)
        spec = importlib.util.spec_from_file_location(f"_checked_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
        except Exception as exc:  # noqa: BLE001 - any failure is the snippet's, reported in one line
            raise CheckError(f"{snippet} fails to import: {type(exc).__name__}: {exc}") from None
        _module_cache[path] = module
    fn = getattr(module, func, None)
    if not callable(fn):
        raise CheckError(f"{snippet} has no function {func}(): define it or fix the marker")
    try:
        result = fn()
    except Exception as exc:  # noqa: BLE001
        raise CheckError(f"{snippet}:{func}() raised {type(exc).__name__}: {exc}") from None
    pairs = list(result.items()) if isinstance(result, dict) else result
    flat: list[tuple[str, float]] = []
    try:
        for name, value in pairs:
            flat.extend(flatten(str(name), value))
    except (TypeError, ValueError) as exc:
        raise CheckError(
            f"{snippet}:{func}() must return (name, number) pairs or a dict of numbers: {exc}"
        ) from None
    return flat


def flatten(name: str, value) -> list[tuple[str, float]]:
    if isinstance(value, (bool, str, bytes)) or value is None:
        raise TypeError(f"{name} is {value!r}, not a number")
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - numpy is a hard dependency of the site
        np = None
    if np is not None and isinstance(value, np.bool_):
        raise TypeError(f"{name} is {value!r}, not a number")
    if np is not None and isinstance(value, np.ndarray):
        if value.dtype.kind not in "iuf":
            raise TypeError(f"{name} has dtype {value.dtype}, not a number")
        if value.ndim == 0:
            return flatten(name, value.item())
        out = []
        for idx in np.ndindex(value.shape):
            out.extend(flatten(f"{name}[{','.join(map(str, idx))}]", value[idx].item()))
        return out
    if isinstance(value, (list, tuple)):
        out = []
        for k, v in enumerate(value):
            out.extend(flatten(f"{name}[{k}]", v))
        return out
    try:
        number = float(value)
    except OverflowError:
        raise ValueError(f"{name} is too large for a float") from None
    if math.isnan(number) or math.isinf(number):
        raise ValueError(f"{name} is {number}")
    return [(name, number)]


# --------------------------------------------------------------------------
# Checking


def fmt_computed(number: Number, computed: float) -> str:
    """The computed value as the text would write it, one digit more than the text shows."""
    shown = number.shown(computed)
    if not math.isfinite(shown):
        return f"{shown}{number.suffix}"
    if number.decimals is None and float(shown).is_integer() and abs(shown) < 1e15:
        return f"{int(shown)}{number.suffix}"
    if number.decimals is None:
        return f"{shown:.6g}{number.suffix}"
    digits = (number.decimals or 0) + 1
    return f"{shown:.{max(digits, 1)}f}{number.suffix}"


def align(numbers: list[Number], group: Block | Region, rel: str, root: Path, end_line: int
          ) -> tuple[int, list[str]]:
    """Match a group's numbers one to one with its transcript. Returns (numbers checked, problems)."""
    snippet, func = group.marker
    marker_line = group.marker_line if isinstance(group, Block) else group.line
    try:
        transcript = load_transcript(root, snippet, func)
    except CheckError as exc:
        return 0, [f"{rel}:{marker_line}: {exc}"]
    for k, (number, (name, computed)) in enumerate(zip(numbers, transcript)):
        if number.kind != "wildcard" and not number.matches(computed):
            return k, [
                f"{rel}:{number.line}: {group.says} {number.text}, {snippet}:{name} computes "
                f"{fmt_computed(number, computed)} {number.describe(computed)}"
                f" [number {k + 1} of {group.where}]"
            ]
    if len(numbers) > len(transcript):
        extra = numbers[len(transcript)]
        return len(transcript), [
            f"{rel}:{extra.line}: {group.says} {extra.text}, but {snippet}:{func}() has no value "
            f"left for it ({len(transcript)} values, {len(numbers)} numbers in the text): add it to the "
            f"transcript, or mark it <span class=\"nocheck\">…</span> / \\nocheck{{…}} if it is not a result"
        ]
    if len(transcript) > len(numbers):
        name, computed = transcript[len(numbers)]
        return len(numbers), [
            f"{rel}:{end_line}: {group.where} ends, but {snippet}:{name} = {computed:g} "
            f"is not stated ({len(transcript)} values, {len(numbers)} numbers in the text)"
        ]
    return len(numbers), []


def check_example(example: Block, rel: str, root: Path) -> tuple[int, list[str]]:
    """Check one checked block. Returns (numbers checked, problems)."""
    numbers, problems, _ = numbers_in(example, rel)
    if example.marker is None:
        return 0, problems
    last_line = example.body[-1][0] if example.body else example.line
    count, found = align(numbers, example, rel, root, last_line)
    return count, problems + found


UNCHECKED_HINT = (
    "compute it in a transcript: put {hint} at the left margin above it (it checks every number "
    "up to the next marker), or, if it is an input the text chooses (a hyper-parameter, a count, a "
    "year), list it under givens: in the front matter"
).format(hint=MARKER_HINT)


def analyse_page(page: Path, text: str, rel: str, root: Path = ROOT) -> tuple[PageResult, int, int]:
    """Find and check every number on a page. Returns (result, example numbers, other numbers)."""
    result = PageResult(rel=rel)
    blocks, outside, markers, meta, result.problems = find_blocks(page, text, rel)
    givens, problems = read_givens(meta, text.splitlines(), rel)
    result.problems += problems
    result.blocks = blocks
    in_examples = elsewhere = 0
    for block in blocks:
        numbers, problems, nocheck = numbers_in(block, rel)
        kind = "example" if block.kind == "example" else "checked"
        result.block_numbers.append([replace(n, kind=kind) for n in numbers])
        result.problems += problems
        result.nocheck += nocheck
        if block.marker is None:
            continue
        last_line = block.body[-1][0] if block.body else block.line
        count, found = align(numbers, block, rel, root, last_line)
        result.problems += found
        if block.kind == "example":
            in_examples += count
        else:
            elsewhere += count
    scan = numbers_outside(outside, rel)
    result.problems += scan.problems
    result.nocheck += scan.nocheck
    result.regions = [Region(line, marker) for line, marker in markers]
    for number in scan.numbers:
        region = next((r for r in reversed(result.regions) if r.line < number.line), None)
        if is_given(number, givens):
            result.givens.append(replace(number, kind="given"))
            if region is not None:
                region.given_valued.append(number)
            continue
        if region is None:
            result.unchecked.append(replace(number, kind="unchecked"))
        else:
            region.numbers.append(replace(number, kind="checked"))
    result.problems += [
        f"{rel}:{n.line}: {n.text} is neither checked nor a given: {UNCHECKED_HINT}"
        for n in result.unchecked
    ]
    ends = [r.line - 1 for r in result.regions[1:]] + [len(text.splitlines())]
    for region, end_line in zip(result.regions, ends):
        count, found = align(region.numbers, region, rel, root, end_line)
        if found:  # and where it might really be: a result that took a given's value
            found += [p for p in given_by_accident(region, rel, root, end_line) if p not in found]
        result.problems += found
        elsewhere += count
    return result, in_examples, elsewhere


def given_by_accident(region: Region, rel: str, root: Path, end_line: int) -> list[str]:
    """A region that fails may hold a result whose value equals a given (a 4 changed into the given 2).

    Read each given-valued number of the region as a result whose value is unknown: if that makes
    the whole region line up, the number may be a result that took a given's value, and its own line
    is reported instead of the place where the region ran short (every such line, when several
    numbers could be the one).
    """
    order = lambda n: (n.line, n.col)  # noqa: E731
    problems = []
    for candidate in region.given_valued:
        wildcard = sorted(region.numbers + [replace(candidate, kind="wildcard")], key=order)
        if align(wildcard, region, rel, root, end_line)[1]:
            continue
        _, found = align(sorted(region.numbers + [candidate], key=order), region, rel, root, end_line)
        if found:
            problems.append(found[0] + f" ({candidate.text} is also listed under givens:, so it was read "
                                       f"as an input)")
    return list(dict.fromkeys(problems))


def page_numbers(page: Path, root: Path = ROOT, cache: Path | None = None) -> list[Number]:
    """Every number the checker reads on a page, in page order, each with its ``kind`` (transcripts
    from ``cache`` when given, as in :func:`check`)."""
    with caching(cache):
        result, _, _ = analyse_page(page, page.read_text(encoding="utf-8"), relpath(page, root), root)
    return result.numbers()


def markdown_pages(docs: Path) -> list[Path]:
    return sorted(p for p in docs.rglob("*.md") if p.is_file())


def relpath(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


# --------------------------------------------------------------------------
# Cache: a page that passed is not checked again while it and its snippets are unchanged

MARKER_FILE = re.compile(r"<!--\s*check:\s*([\w./-]+\.py):")  # every file MARKER can name
_active_cache: dict[str, Store] = {}  # the stores of the check() running now, if cached
_stores: dict[Path, dict[str, Store]] = {}  # one pair per cache folder, kept for the process
_snippet_digests: dict[Path, str] = {}  # per check(): a snippet with everything it imports


@functools.lru_cache(maxsize=None)
def code_digest() -> str:
    """The checker's own code and the Python and NumPy that run the transcripts."""
    import numpy

    return digest(Path(__file__).read_bytes(), sys.version, numpy.__version__)


def snippet_digest(path: Path) -> str:
    """Hash of a snippet and every snippet it imports, directly or not (make_figures' import walk)."""
    if path not in _snippet_digests:
        files = [path] + ([p for p in make_figures.snippet_imports(path, path.parent) if p != path]
                          if path.is_file() else [])
        _snippet_digests[path] = digest(*(f"{p.name}={file_digest(p)}" for p in files))
    return _snippet_digests[path]


def page_key(text: str, rel: str, root: Path) -> str:
    """Everything a page's check depends on: its text, its snippets and their imports, the checker."""
    snippets = sorted(set(MARKER_FILE.findall(text)))
    return digest(code_digest(), rel, text, *(f"{s}={snippet_digest((root / s).resolve())}" for s in snippets))


def stores(folder: Path) -> dict[str, Store]:
    """The page-result and transcript stores kept under ``folder`` (one pair per process)."""
    if folder not in _stores:
        _stores[folder] = {"pages": Store(folder / "check_examples" / "pages"),
                           "transcripts": Store(folder / "check_examples" / "transcripts")}
    return _stores[folder]


@contextlib.contextmanager
def caching(cache: Path | None):
    """Within: transcripts (and pages, in check()) come from the stores under ``cache``, if given."""
    _snippet_digests.clear()  # the files may have changed since the last check
    _active_cache.clear()
    if cache is not None:
        _active_cache.update(stores(cache))
    try:
        yield
    finally:
        _active_cache.clear()


def page_summary(result: PageResult, in_examples: int, elsewhere: int) -> dict:
    """What the report keeps of a page's check (all a cached page has to give)."""
    examples = sum(b.kind == "example" for b in result.blocks)
    snippets = {b.marker[0] for b in result.blocks if b.marker} | {r.marker[0] for r in result.regions}
    return {"counted": bool(result.blocks or result.regions or result.givens), "examples": examples,
            "blocks": len(result.blocks) - examples, "in_examples": in_examples, "elsewhere": elsewhere,
            "snippets": sorted(snippets), "givens": len(result.givens) + result.nocheck}


def check(docs: Path, root: Path = ROOT, pages: list[Path] | None = None, cache: Path | None = None) -> Report:
    """Check every page (or ``pages``).

    With ``cache`` (a folder, e.g. .cache/build) a page that passed before is not checked again
    while its text, its snippets, what they import and the checker are unchanged, and a transcript
    is not run again while its snippet and what it imports are unchanged (see build_cache.py).
    Only passing pages and transcripts that ran are stored: a failure is found afresh every time.
    """
    report = Report()
    _module_cache.clear()
    _fresh_dirs.clear()
    with caching(cache):
        for page in pages if pages is not None else markdown_pages(docs):
            rel = relpath(page, root)
            try:
                text = page.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                report.problems.append(f"{rel}:1: cannot read the page: {exc}")
                continue
            key = page_key(text, rel, root) if cache is not None else ""
            summary = _active_cache["pages"].get(rel, key) if cache is not None else None
            if summary is None:
                try:
                    result, in_examples, elsewhere = analyse_page(page, text, rel, root)
                except Exception as exc:  # noqa: BLE001 - a bug here must still name the page, not crash
                    report.problems.append(f"{rel}:1: the checker failed on this page ({type(exc).__name__}: "
                                           f"{exc}); please report this bug in scripts/check_examples.py")
                    continue
                report.problems += result.problems
                summary = page_summary(result, in_examples, elsewhere)
                if cache is not None and not result.problems:
                    _active_cache["pages"].put(rel, key, summary)
            report.pages += summary["counted"]
            report.examples += summary["examples"]
            report.blocks += summary["blocks"]
            report.numbers += summary["in_examples"]
            report.outside += summary["elsewhere"]
            report.by_page[rel] = (summary["in_examples"] + summary["elsewhere"], list(summary["snippets"]))
            report.givens += summary["givens"]
    return report


def show(page: Path, root: Path = ROOT) -> str:
    """An author's view: each number of a page next to the transcript value it meets."""
    rel = relpath(page, root)
    result, _, _ = analyse_page(page, page.read_text(encoding="utf-8"), rel, root)
    out = list(result.problems)
    groups = [(b, ns, f"{b.where} -> {b.marker}") for b, ns in zip(result.blocks, result.block_numbers)]
    groups += [(r, r.numbers, f"{r.where} -> {r.marker}") for r in result.regions]
    for group, numbers, label in sorted(groups, key=lambda g: g[0].line):
        out.append(f"== {rel}:{group.line} {label}")
        try:
            transcript = load_transcript(root, *group.marker) if group.marker else []
        except CheckError as exc:
            out.append(f"   {exc}")
            transcript = []
        for k in range(max(len(numbers), len(transcript))):
            n = numbers[k] if k < len(numbers) else None
            t = transcript[k] if k < len(transcript) else None
            ok = n is not None and t is not None and n.matches(t[1])
            left = f"line {n.line:>4}  {n.text:<14}" if n else " " * 24
            right = f"{t[0]} = {t[1]:.6g}" if t else "(nothing)"
            out.append(f"{'  ' if ok else '!!'} {k + 1:>3}  {left} {right}")
    if result.givens:
        out.append(f"== givens ({len(result.givens)}): " + ", ".join(
            f"{n.text} (line {n.line})" for n in result.givens))
    if result.unchecked:
        out.append(f"== neither checked nor given ({len(result.unchecked)}):")
        out += [f"!!      line {n.line:>4}  {n.text}" for n in result.unchecked]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=Path, default=ROOT / "docs",
                        help="folder of Markdown pages; snippet paths resolve from its parent")
    parser.add_argument("--show", type=Path, metavar="PAGE", help="print how a page's numbers line up")
    parser.add_argument("--cache", action="store_true",
                        help="skip pages that passed and are unchanged, as the MkDocs build does (.cache/build)")
    args = parser.parse_args(argv)
    if args.show:
        if not args.show.is_file():
            print(f"check_examples: {args.show} does not exist", file=sys.stderr)
            return 2
        print(show(args.show, args.show.resolve().parent.parent))
        return 0
    if not args.docs.is_dir():
        print(f"check_examples: {args.docs} is not a folder of Markdown pages", file=sys.stderr)
        return 2
    root = args.docs.resolve().parent
    report = check(args.docs, root, cache=root / ".cache" / "build" if args.cache else None)
    for problem in report.problems:
        print(problem, file=sys.stderr)
    if report.problems:
        print(f"check_examples: {len(report.problems)} problem(s)", file=sys.stderr)
        return 1
    print(report.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
