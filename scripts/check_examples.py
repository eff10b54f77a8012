#!/usr/bin/env python3
"""Check every number in every worked example against the snippet that computes it.

A worked example is an ``example`` admonition in a page under ``docs/``::

    !!! example "Worked example: a 2 → 3 → 1 network"

        <!-- check: snippets/forward_pass.py:worked_example -->

        The first hidden unit gets $z_1 = 0.5 \\cdot 1 + (-0.2) \\cdot 2 + 0.1 = 0.2$.

The named function returns the example's *transcript*: the numbers the text
states, in reading order, each with a name: a list of ``(name, value)`` pairs
(or a dict).  A value may be a NumPy array; it stands for its elements in
row-major order, named ``W1[0,1]`` and so on.

The checker reads every number in the block (title, prose, tables, inline code
and TeX) in reading order and requires the two sequences to agree one to one,
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
* Not numbers: TeX subscripts (``w_1``, ``a_{12}``); TeX superscripts that hold
  only indices or powers (``x^2``, ``a^{(l)}``, ``W^T``; a signed or decimal
  superscript such as ``e^{-0.35}`` *is* checked); the optional argument of
  ``\\sqrt[3]``; digits inside names (``W1``, ``L2``); ordinals (``2nd``);
  ordered-list markers; link targets and HTML tags; HTML comments.
* Explicitly not a result: ``<span class="nocheck">3</span>`` in prose,
  ``\\nocheck{3}`` in TeX (renders as ``3``).
* Refused with an error: a number glued to a word (``3x``, ``2D``), a fenced
  code block inside a worked example, a missing or malformed marker.

Run ``python scripts/check_examples.py`` to check all pages, or
``python scripts/check_examples.py --show docs/page.md`` to see how each
number of a page lines up with its transcript.
"""
from __future__ import annotations

import argparse
import importlib.util
import math
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# --------------------------------------------------------------------------
# Data


@dataclass(frozen=True)
class Number:
    """A number as the text states it."""

    text: str  # exactly as written, e.g. "−0.25", "42%", "1.2 \\times 10^{-3}"
    value: float  # what the text says, e.g. -0.25, 42.0, 1.2
    decimals: int | None  # digits after the point; None for an integer
    line: int  # 1-based line in the Markdown file
    scale: str = ""  # "" plain, "%" percent, "e<k>" times 10**k
    col: int = -1  # 0-based column of the first character on that line

    def matches(self, computed: float) -> bool:
        """True if ``computed`` rounds to this number at the precision shown."""
        target = self.shown(computed)
        if self.decimals is None:
            return abs(target - self.value) <= 1e-9 * max(1.0, abs(self.value))
        half_unit = 0.5 * 10.0 ** (-self.decimals)
        return abs(target - self.value) <= half_unit * (1 + 1e-9)

    def shown(self, computed: float) -> float:
        """The computed value on the scale the text uses (percent, ×10^k)."""
        if self.scale == "%":
            return computed * 100.0
        if self.scale.startswith("e"):
            return computed / 10.0 ** int(self.scale[1:])
        return computed

    def describe(self, computed: float) -> str:
        """'(0.5866 at 4 decimals)'-style explanation of the comparison."""
        target = self.shown(computed)
        suffix = {"": "", "%": "%"}.get(self.scale, f" × 10^{self.scale[1:]}")
        if self.decimals is None:
            return "(an integer must match exactly)"
        plural = "decimal" if self.decimals == 1 else "decimals"
        return f"({target:.{self.decimals}f}{suffix} at {self.decimals} {plural})"


@dataclass
class Example:
    page: Path  # the Markdown file
    title: str
    line: int  # line of the admonition header
    title_col: int
    body: list[tuple[int, str]]  # (line number, text) of the indented body
    marker: tuple[str, str] | None = None  # (snippet path, function name)
    marker_line: int = 0


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    pages: int = 0
    examples: int = 0
    numbers: int = 0

    def summary(self) -> str:
        return (
            f"check_examples: {self.numbers} numbers in {self.examples} worked examples "
            f"on {self.pages} pages agree with their snippets"
        )


class CheckError(Exception):
    """A problem that stops the check of one example (reported, not raised to the user)."""


# --------------------------------------------------------------------------
# Finding worked examples

ADMONITION = re.compile(r"^(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?)[ \t]+example\b(?P<rest>.*)$")
MARKER = re.compile(r"^\s*<!--\s*check:\s*(?P<file>[\w./-]+\.py):(?P<func>[A-Za-z_]\w*)\s*-->\s*$")
MARKER_LIKE = re.compile(r"<!--\s*check\b")
FENCE = re.compile(r"^\s*(```|~~~)")


def indent_width(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))


def find_examples(page: Path, text: str, rel: str) -> tuple[list[Example], list[str]]:
    """All example admonitions of a page, with their bodies and markers."""
    lines = text.splitlines()
    examples: list[Example] = []
    problems: list[str] = []
    in_fence = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if FENCE.match(line) and not ADMONITION.match(line):
            in_fence = not in_fence
        m = None if in_fence else ADMONITION.match(line)
        if not m:
            i += 1
            continue
        base = indent_width(line)
        title_match = re.match(r'\s*"(?P<title>[^"]*)"', m.group("rest"))
        title = title_match.group("title") if title_match else ""
        title_col = line.index('"') + 1 if title_match else 0
        ex = Example(page=page, title=title, line=i + 1, title_col=title_col, body=[])
        j = i + 1
        while j < len(lines) and (not lines[j].strip() or indent_width(lines[j]) > base):
            ex.body.append((j + 1, lines[j]))
            j += 1
        while ex.body and not ex.body[-1][1].strip():
            ex.body.pop()
        for lineno, body_line in ex.body:
            mm = MARKER.match(body_line)
            if mm:
                if ex.marker:
                    problems.append(
                        f"{rel}:{lineno}: a second check marker in the worked example "
                        f"'{title}': each example names exactly one snippet function"
                    )
                ex.marker = (mm.group("file"), mm.group("func"))
                ex.marker_line = lineno
            elif MARKER_LIKE.search(body_line):
                problems.append(
                    f"{rel}:{lineno}: malformed check marker {body_line.strip()!r}: write "
                    f"<!-- check: snippets/<file>.py:<function> --> on a line of its own"
                )
            if FENCE.match(body_line):
                problems.append(
                    f"{rel}:{lineno}: a fenced code block inside the worked example "
                    f"'{title}': its numbers could not be checked; move code to the Code section"
                )
        if ex.marker is None and not any(MARKER_LIKE.search(t) for _, t in ex.body):
            problems.append(
                f"{rel}:{ex.line}: the worked example '{title}' names no snippet: add "
                f"<!-- check: snippets/<file>.py:<function> --> as its first line"
            )
        examples.append(ex)
        i = j
    return examples, problems


# --------------------------------------------------------------------------
# Reading numbers

# An unsigned number: integer part with optional thousands separators
# (",", "{,}" or "\," in TeX), optional fraction, optional e-exponent.
NUM = re.compile(
    r"(?P<int>\d{1,3}(?:(?:,|\{,\}|\\,)\d{3})+(?!\d)|\d+)"
    r"(?P<frac>\.\d+)?"
    r"(?:[eE](?P<exp>[-+−]?\d+)(?![\w.]))?"
)
SCI_TEX = re.compile(r"\s*(?:\\times|\\cdot)\s*10\s*\^\s*(?:\{\s*(?P<a>[-−]?\d+)\s*\}|(?P<b>\d))")
POWER_OF_TEN = re.compile(r"\s*\^\s*(?:\{\s*(?P<a>[-−]?\d+)\s*\}|(?P<b>\d))")
PERCENT = re.compile(r"\s*(?:\\%|%)")
ORDINAL = re.compile(r"(?:st|nd|rd|th)(?![A-Za-z])")
MINUS = "-−"


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
            if c.isdigit() and at_line_start:
                lm = re.match(r"\d+[.)]\s", s[i:end])
                if lm:  # ordered-list marker
                    i += lm.end()
                    continue
            if c.isalpha() or c == "_":  # a word, possibly with digits in it (W1, L2)
                j = i
                while j < end and (s[j].isalnum() or s[j] == "_"):
                    j += 1
                i = j
                continue
            if c.isdigit() or (c in MINUS and i + 1 < end and s[i + 1].isdigit()):
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
        if i > 0 and s[i - 1] == "." and not negative:  # ".5" or a version tail: refuse
            pass
        m = NUM.match(s, i, end)
        assert m
        j = m.end()
        if j < end and s[j] == "." and j + 1 < end and s[j + 1].isdigit():
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
                    prev = "value"
                elif name == "sqrt" and i < end and s[i] == "[":
                    close = s.find("]", i)
                    i = end if close < 0 else close + 1
                    prev = "op"
                elif name in ("begin", "end"):
                    i = self.skip_group(i, end)
                    prev = "op"
                elif name in ("frac", "tfrac", "dfrac", "cfrac", "binom", "tbinom", "dbinom") and \
                        i + 1 < end and s[i].isdigit() and s[i + 1].isdigit():
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
                content = s[j:script_end]
                if re.search(r"(?<![\w)\]}])[-−]\s*\d|\d\.\d", content):  # e^{-0.35}, not a^{(l-1)}
                    inner = (j + 1, script_end - 1) if content.startswith("{") else (j, script_end)
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
            if c.isdigit() or (c in MINUS and i + 1 < end and (s[i + 1].isdigit())):
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
        m = NUM.match(s, i, end)
        assert m
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


def numbers_in(example: Example, rel: str) -> tuple[list[Number], list[str]]:
    """Every number an example states, in reading order, with problems found on the way."""
    title_scan = Scanner(example.title, example.line, rel, example.title_col)
    title_scan.prose(0, len(example.title))
    first = example.body[0][0] if example.body else example.line + 1
    # Keep line structure: the body lines are consecutive in the file.
    text = "\n".join(line for _, line in example.body)
    body_scan = Scanner(text, first, rel)
    body_scan.scan()
    return title_scan.numbers + body_scan.numbers, title_scan.problems + body_scan.problems


# --------------------------------------------------------------------------
# Transcripts


_module_cache: dict[Path, object] = {}


def load_transcript(root: Path, snippet: str, func: str) -> list[tuple[str, float]]:
    """Call ``func`` in ``snippet`` and flatten its transcript to (name, float) pairs."""
    path = (root / snippet).resolve()
    if not path.is_file():
        raise CheckError(f"{snippet} does not exist: create it or fix the marker's path")
    module = _module_cache.get(path)
    if module is None:
        snippet_dir = str(path.parent)
        if snippet_dir not in sys.path:
            sys.path.insert(0, snippet_dir)
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
    if np is not None and isinstance(value, np.ndarray):
        if value.dtype.kind not in "iuf":
            raise TypeError(f"{name} has dtype {value.dtype}, not a number")
        if value.ndim == 0:
            return [(name, float(value))]
        return [
            (f"{name}[{','.join(map(str, idx))}]", float(value[idx]))
            for idx in np.ndindex(value.shape)
        ]
    if isinstance(value, (list, tuple)):
        out = []
        for k, v in enumerate(value):
            out.extend(flatten(f"{name}[{k}]", v))
        return out
    number = float(value)
    if math.isnan(number) or math.isinf(number):
        raise ValueError(f"{name} is {number}")
    return [(name, number)]


# --------------------------------------------------------------------------
# Checking


def fmt_computed(number: Number, computed: float) -> str:
    if number.decimals is None and float(computed).is_integer():
        return str(int(computed))
    digits = (number.decimals or 0) + 1
    return f"{computed:.{max(digits, 1)}f}"


def check_example(example: Example, rel: str, root: Path) -> tuple[int, list[str]]:
    """Check one example. Returns (numbers checked, problems)."""
    numbers, problems = numbers_in(example, rel)
    if example.marker is None:
        return 0, problems
    snippet, func = example.marker
    try:
        transcript = load_transcript(root, snippet, func)
    except CheckError as exc:
        return 0, problems + [f"{rel}:{example.marker_line}: {exc}"]
    for k, (number, (name, computed)) in enumerate(zip(numbers, transcript)):
        if not number.matches(computed):
            problems.append(
                f"{rel}:{number.line}: the example says {number.text}, {snippet}:{name} computes "
                f"{fmt_computed(number, computed)} {number.describe(computed)}"
                f" [number {k + 1} of the example '{example.title}']"
            )
            return k, problems
    if len(numbers) > len(transcript):
        extra = numbers[len(transcript)]
        problems.append(
            f"{rel}:{extra.line}: the example says {extra.text}, but {snippet}:{func}() has no value "
            f"left for it ({len(transcript)} values, {len(numbers)} numbers in the text): add it to the "
            f"transcript, or mark it <span class=\"nocheck\">…</span> / \\nocheck{{…}} if it is not a result"
        )
    elif len(transcript) > len(numbers):
        name, computed = transcript[len(numbers)]
        last_line = example.body[-1][0] if example.body else example.line
        problems.append(
            f"{rel}:{last_line}: the example '{example.title}' ends, but {snippet}:{name} = {computed:g} "
            f"is not stated ({len(transcript)} values, {len(numbers)} numbers in the text)"
        )
    return min(len(numbers), len(transcript)), problems


def markdown_pages(docs: Path) -> list[Path]:
    return sorted(p for p in docs.rglob("*.md") if p.is_file())


def relpath(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def check(docs: Path, root: Path = ROOT, pages: list[Path] | None = None) -> Report:
    report = Report()
    _module_cache.clear()
    for page in pages if pages is not None else markdown_pages(docs):
        rel = relpath(page, root)
        try:
            text = page.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            report.problems.append(f"{rel}:1: cannot read the page: {exc}")
            continue
        examples, problems = find_examples(page, text, rel)
        report.problems.extend(problems)
        if examples:
            report.pages += 1
        for ex in examples:
            report.examples += 1
            count, problems = check_example(ex, rel, root)
            report.numbers += count
            report.problems.extend(problems)
    return report


def show(page: Path, root: Path = ROOT) -> str:
    """An author's view: each number of each example next to the transcript value it meets."""
    rel = relpath(page, root)
    examples, problems = find_examples(page, page.read_text(encoding="utf-8"), rel)
    out = list(problems)
    for ex in examples:
        out.append(f"== {rel}:{ex.line} {ex.title!r} -> {ex.marker}")
        numbers, probs = numbers_in(ex, rel)
        out.extend(probs)
        try:
            transcript = load_transcript(root, *ex.marker) if ex.marker else []
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
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=Path, default=ROOT / "docs", help="folder of Markdown pages")
    parser.add_argument("--show", type=Path, metavar="PAGE", help="print how a page's numbers line up")
    args = parser.parse_args(argv)
    if args.show:
        if not args.show.is_file():
            print(f"check_examples: {args.show} does not exist", file=sys.stderr)
            return 2
        print(show(args.show))
        return 0
    if not args.docs.is_dir():
        print(f"check_examples: {args.docs} is not a folder of Markdown pages", file=sys.stderr)
        return 2
    report = check(args.docs)
    for problem in report.problems:
        print(problem, file=sys.stderr)
    if report.problems:
        print(f"check_examples: {len(report.problems)} problem(s)", file=sys.stderr)
        return 1
    print(report.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
