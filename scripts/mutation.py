#!/usr/bin/env python3
"""Measure what a green `make test` proves, by mutation: change the code or a page, see what notices.

Code mutations. Seeded, AST-based changes to the functions in ``snippets/*.py``:
comparison flips (``<`` → ``<=``, ``<`` → ``>=``, ``==`` → ``!=``), operator swaps
(``+`` ↔ ``-``, ``*`` ↔ ``/``, ``**`` → ``*``, ``@`` → ``*``, ``+=`` → ``-=``, ``and`` ↔
``or``), constants (n → n+1, 0 → 1, 1 → 0, 2 → 3, x → 2x), a removed ``-`` or ``not``, slice
bounds (start dropped or added, stop + 1), swapped call arguments, a dropped keyword argument,
``max`` ↔ ``min``-style swaps, and ``return x`` → ``return None``. Each mutant is written to a
scratch copy of the project (the real files are never touched) and judged by that snippet's
own tests and doctests (``tests/snippets/test_<topic>.py``; a mutant that fails to import
fails them), then, if they pass, by the checker on the scratch pages
(``scripts/check_examples.py``), which notices a change that moves a number a page states.

Number mutations. For every number the checker reads on every page (kinds "example" and
"checked"; givens are inputs, counted but not changed), one digit is changed, and,
separately, a signed number loses its sign. Each time the checker must report a problem on
exactly that page and line.

    python scripts/mutation.py                     # both parts (about 8 + 3 minutes on 2 cores)
    python scripts/mutation.py --count 50 --seed 7
    python scripts/mutation.py --skip numbers --jobs 2
    python scripts/mutation.py --skip code --sample 300
    python scripts/mutation.py --dry-run           # count the mutation sites, estimate the time
    python scripts/mutation.py --update-readme     # also rewrite the README's mutation section

Prints a table per part, the catch rates and every survivor; writes mutation.json.
"""
from __future__ import annotations

import argparse
import ast
import builtins
import concurrent.futures
import functools
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))

DEFAULT_SEED = 16
DEFAULT_COUNT = 200
DEFAULT_TIMEOUT = 90.0
# What a scratch copy needs to run a snippet's tests and the checker.
PROJECT_PARTS = ("snippets", "tests", "scripts", "docs", "mkdocs.yml", "pytest.ini")
ENV = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "NO_MKDOCS_2_WARNING": "1"}


class MutationError(Exception):
    """A mutation that could not be written as intended (a bug here, never a verdict)."""


# ---------------------------------------------------------------------------
# Code mutations: finding the sites


@dataclass
class Site:
    """One way to change one node of a snippet."""

    snippet: str  # "snippets/forward_pass.py"
    index: int  # the node's position in ast.walk order
    kind: str  # "compare", "operator", "constant", ...
    function: str  # the enclosing function
    line: int  # 1-based
    col: int  # 0-based, in characters
    desc: str  # "`<` → `<=`"
    edits: tuple[tuple[int, int, str], ...]  # (start, end, replacement) in characters of the source
    # Makes the same change to the node of a fresh parse (returns a replacement node, or None).
    tree_edit: Callable[[ast.AST], ast.AST | None] = field(repr=False, compare=False)

    @property
    def where(self) -> str:
        return f"{self.snippet}:{self.line}"

    @property
    def transcript(self) -> bool:
        """In a function the checker calls for a page's numbers (only the checker can catch it)."""
        return self.function.startswith(TRANSCRIPT_PREFIXES)


TRANSCRIPT_PREFIXES = ("worked_example", "claims_", "mistake_")
COMPARE = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=",
           ast.Is: "is", ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in"}
COMPARE_TO = {ast.Lt: (ast.LtE, ast.GtE), ast.LtE: (ast.Lt, ast.Gt), ast.Gt: (ast.GtE, ast.LtE),
              ast.GtE: (ast.Gt, ast.Lt), ast.Eq: (ast.NotEq,), ast.NotEq: (ast.Eq,),
              ast.Is: (ast.IsNot,), ast.IsNot: (ast.Is,), ast.In: (ast.NotIn,), ast.NotIn: (ast.In,)}
BINOP = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%",
         ast.Pow: "**", ast.MatMult: "@"}
BINOP_TO = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult,
            ast.FloorDiv: ast.Div, ast.Mod: ast.FloorDiv, ast.Pow: ast.Mult, ast.MatMult: ast.Mult}
BOOLOP = {ast.And: "and", ast.Or: "or"}
# Calls whose name is swapped for its opposite (np.max -> np.min, sum -> mean, ...).
SWAP_NAMES = {"max": "min", "min": "max", "argmax": "argmin", "argmin": "argmax",
              "maximum": "minimum", "minimum": "maximum", "amax": "amin", "amin": "amax",
              "sum": "mean", "mean": "sum", "floor": "ceil", "ceil": "floor",
              "any": "all", "all": "any", "cumsum": "cumprod", "cumprod": "cumsum"}
SKIPPED_FUNCTIONS = {"main"}  # prints for a reader; no test or page reads it


def token_pattern(symbol: str) -> str:
    if symbol[0].isalpha():
        return r"\b" + r"\s+".join(symbol.split()) + r"\b"
    return re.escape(symbol)


def new_constants(value) -> list:
    """The replacement values for a numeric literal."""
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, int):
        return [{0: 1, 1: 0, 2: 3}.get(value, value + 1)]
    if isinstance(value, float):
        special = {0.0: 1.0, 1.0: 0.0, 2.0: 3.0}
        if value in special:
            return [special[value]]
        return [value * 2 if abs(value) < 1 else value + 1]
    return []


class Source:
    """A snippet's text with (line, byte column) → character offset conversion."""

    def __init__(self, text: str):
        self.text = text
        self.lines = text.splitlines(keepends=True)
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line))

    def offset(self, lineno: int, byte_col: int) -> int:
        line = self.lines[lineno - 1]
        return self.starts[lineno - 1] + len(line.encode("utf-8")[:byte_col].decode("utf-8"))

    def start(self, node: ast.AST) -> int:
        return self.offset(node.lineno, node.col_offset)

    def end(self, node: ast.AST) -> int:
        return self.offset(node.end_lineno, node.end_col_offset)

    def span(self, node: ast.AST) -> str:
        return self.text[self.start(node):self.end(node)]

    def find(self, pattern: str, start: int, end: int) -> tuple[int, int]:
        """The first match of ``pattern`` between two nodes (outside comments)."""
        gap = self.text[start:end]
        masked = re.sub(r"#[^\n]*", lambda m: " " * len(m.group()), gap)
        m = re.search(pattern, masked)
        if not m:
            raise MutationError(f"no {pattern!r} in {gap!r}")
        return start + m.start(), start + m.end()


def short(text: str, limit: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def owners(tree: ast.Module) -> dict[int, str | None]:
    """For each node: the name of the function it is in, or None (module level, f-strings)."""
    out: dict[int, str | None] = {}

    def visit(node: ast.AST, func: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            f = func
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                f = None if child.name in SKIPPED_FUNCTIONS else child.name
            elif isinstance(child, ast.JoinedStr):
                f = None  # positions inside f-strings are not reliable before Python 3.12
            out[id(child)] = f
            visit(child, f)

    visit(tree, None)
    return out


def find_sites(path: Path, root: Path = ROOT) -> list[Site]:
    """Every mutation of every function in one snippet, in a fixed order."""
    src = Source(path.read_text(encoding="utf-8"))
    tree = ast.parse(src.text, filename=str(path))
    owner = owners(tree)
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
    sites: list[Site] = []

    for index, node in enumerate(ast.walk(tree)):
        func = owner.get(id(node))
        if func is None:
            continue

        def add(kind, desc, edits, tree_edit, at=node):
            sites.append(Site(rel, index, kind, func, at.lineno,
                              src.start(at) - src.starts[at.lineno - 1], desc, tuple(edits), tree_edit))

        if isinstance(node, ast.Compare):
            left = node.left
            for i, (op, right) in enumerate(zip(node.ops, node.comparators)):
                a, b = src.find(token_pattern(COMPARE[type(op)]), src.end(left), src.start(right))
                for new in COMPARE_TO[type(op)]:
                    def edit(n, i=i, new=new):
                        n.ops[i] = new()
                    add("compare", f"`{COMPARE[type(op)]}` → `{COMPARE[new]}` in `{short(src.span(node))}`",
                        [(a, b, COMPARE[new])], edit)
                left = right
        elif isinstance(node, (ast.BinOp, ast.AugAssign)) and type(node.op) in BINOP:
            first, second = (node.left, node.right) if isinstance(node, ast.BinOp) else (node.target, node.value)
            eq = "" if isinstance(node, ast.BinOp) else "="
            new = BINOP_TO[type(node.op)]
            a, b = src.find(token_pattern(BINOP[type(node.op)] + eq), src.end(first), src.start(second))

            def edit(n, new=new):
                n.op = new()
            edits = [(a, b, BINOP[new] + eq)]
            if isinstance(node.op, ast.Pow) and isinstance(node, ast.BinOp):  # keep x ** 2 one factor: (x * 2)
                edits += [(src.start(node), src.start(node), "("), (src.end(node), src.end(node), ")")]
            add("operator", f"`{BINOP[type(node.op)]}{eq}` → `{BINOP[new]}{eq}` in `{short(src.span(node))}`",
                edits, edit)
        elif isinstance(node, ast.BoolOp):
            old, new = (ast.And, ast.Or) if isinstance(node.op, ast.And) else (ast.Or, ast.And)
            edits = [(*src.find(token_pattern(BOOLOP[old]), src.end(x), src.start(y)), BOOLOP[new])
                     for x, y in zip(node.values, node.values[1:])]

            def edit(n, new=new):
                n.op = new()
            add("boolean", f"`{BOOLOP[old]}` → `{BOOLOP[new]}` in `{short(src.span(node))}`", edits, edit)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.Not)):
            start = src.start(node)
            pattern = "-" if isinstance(node.op, ast.USub) else r"not\b\s*"
            a, b = src.find(pattern, start, src.start(node.operand))
            if a != start:
                continue

            def edit(n):
                return n.operand  # the node is replaced by its operand
            add("sign" if isinstance(node.op, ast.USub) else "negation",
                f"drop `{src.text[a:b].strip()}` in `{short(src.span(node))}`", [(a, b, "")], edit)
        elif isinstance(node, ast.Constant) and isinstance(node.value, (bool, int, float)):
            for new in new_constants(node.value):
                def edit(n, new=new):
                    n.value = new
                add("constant", f"`{src.span(node)}` → `{new!r}`", [(src.start(node), src.end(node), repr(new))],
                    edit)
        elif isinstance(node, ast.Slice):
            if node.lower is not None:
                def edit(n):
                    n.lower = None
                add("slice", f"drop the start of `[{short(src.span(node))}]`",
                    [(src.start(node.lower), src.end(node.lower), "")], edit)
            elif node.upper is not None:
                def edit(n):
                    n.lower = ast.Constant(1)
                add("slice", f"start `[{short(src.span(node))}]` at 1", [(src.start(node), src.start(node), "1")],
                    edit)
            if node.upper is not None:
                text = src.span(node.upper)

                def edit(n):
                    n.upper = ast.BinOp(n.upper, ast.Add(), ast.Constant(1))
                add("slice", f"stop + 1 in `[{short(src.span(node))}]`",
                    [(src.start(node.upper), src.end(node.upper), f"({text}) + 1")], edit)
        elif isinstance(node, ast.Call):
            args = node.args
            if (len(args) >= 2 and not any(isinstance(a, ast.Starred) for a in args[:2])
                    and ast.dump(args[0]) != ast.dump(args[1])):
                x, y = src.span(args[0]), src.span(args[1])

                def edit(n):
                    n.args[0], n.args[1] = n.args[1], n.args[0]
                add("arguments", f"swap `{short(x, 24)}` and `{short(y, 24)}` in `{short(src.span(node))}`",
                    [(src.start(args[0]), src.end(args[0]), y), (src.start(args[1]), src.end(args[1]), x)], edit)
            items = sorted([*args, *node.keywords], key=lambda n: (n.lineno, n.col_offset))
            for k, kw in enumerate(node.keywords):
                if kw.arg is None:
                    continue
                pos = items.index(kw)
                if pos > 0:
                    a, b = src.end(items[pos - 1]), src.end(kw)
                elif len(items) > 1:
                    a, b = src.start(kw), src.start(items[1])
                else:
                    a, b = src.start(kw), src.end(kw)

                def edit(n, k=k):
                    del n.keywords[k]
                add("arguments", f"drop `{short(src.span(kw))}` in `{short(src.span(node))}`", [(a, b, "")],
                    edit)
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else None
            if name in SWAP_NAMES and (isinstance(f, ast.Attribute) or hasattr(builtins, SWAP_NAMES[name])):
                new = SWAP_NAMES[name]
                b = src.end(f)
                a = b - len(name)
                if src.text[a:b] == name:
                    def edit(n, new=new):
                        if isinstance(n.func, ast.Attribute):
                            n.func.attr = new
                        else:
                            n.func.id = new
                    add("call", f"`{name}` → `{new}` in `{short(src.span(node))}`", [(a, b, new)], edit)
        elif isinstance(node, ast.Return) and node.value is not None:
            if isinstance(node.value, ast.Constant) and node.value.value is None:
                continue

            def edit(n):
                n.value = ast.Constant(None)
            add("return", f"`{short(src.span(node))}` → `return None`",
                [(src.start(node.value), src.end(node.value), "None")], edit)
    return sites


def replace_node(tree: ast.AST, old: ast.AST, new: ast.AST) -> None:
    for parent in ast.walk(tree):
        for name, value in ast.iter_fields(parent):
            if value is old:
                setattr(parent, name, new)
                return
            if isinstance(value, list) and any(v is old for v in value):
                value[next(i for i, v in enumerate(value) if v is old)] = new
                return
    raise MutationError("node not found")


@functools.lru_cache(maxsize=16)
def original_dump(text: str) -> str:
    return ast.dump(ast.parse(text))


def mutant_source(site: Site, root: Path = ROOT) -> str:
    """The snippet's text with one mutation, checked to parse to exactly the mutated tree."""
    original = (root / site.snippet).read_text(encoding="utf-8")
    text = original
    for start, end, replacement in sorted(site.edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    expected = ast.parse(original)
    node = list(ast.walk(expected))[site.index]
    replacement = site.tree_edit(node)
    if replacement is not None:
        replace_node(expected, node, replacement)
    try:
        got = ast.dump(ast.parse(text))
    except SyntaxError as exc:
        raise MutationError(f"{site.where}: {site.desc} does not parse: {exc}") from None
    if got != ast.dump(expected):
        raise MutationError(f"{site.where}: {site.desc} was not written as intended")
    if got == original_dump(original):
        raise MutationError(f"{site.where}: {site.desc} changes nothing")
    return text


def snippet_files(root: Path = ROOT) -> list[Path]:
    return sorted(p for p in (root / "snippets").glob("*.py") if not p.name.startswith("_"))


def all_sites(root: Path = ROOT) -> list[Site]:
    return [s for path in snippet_files(root) for s in find_sites(path, root)]


def sample_sites(sites: list[Site], count: int, seed: int) -> list[Site]:
    chosen = random.Random(seed).sample(range(len(sites)), min(count, len(sites)))
    return [sites[i] for i in sorted(chosen)]


# ---------------------------------------------------------------------------
# Code mutations: judging


def scratch_copy(root: Path = ROOT, dest: Path | None = None) -> Path:
    """A copy of what the snippet tests and the checker need, without bytecode caches."""
    dest = dest or Path(tempfile.mkdtemp(prefix="mutation-"))
    for name in PROJECT_PARTS:
        src = root / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
        elif src.is_file():
            shutil.copy(src, dest / name)
    return dest


def run(cmd: list[str], cwd: Path, timeout: float) -> tuple[int | None, str]:
    """(exit code, or None after a timeout; the last lines of output)."""
    try:
        r = subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, f"timed out after {timeout:.0f} s"
    return r.returncode, "\n".join((r.stdout + r.stderr).strip().splitlines()[-3:])


def tests_command(topic: str) -> list[str]:
    return [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "--doctest-modules",
            f"snippets/{topic}.py", f"tests/snippets/test_{topic}.py"]


def checker_command() -> list[str]:
    return [sys.executable, "scripts/check_examples.py", "--docs", "docs"]


@dataclass
class Verdict:
    site: Site
    caught_by: str  # "tests", "checker" or "survived" ("error" when it could not be written)
    detail: str = ""
    seconds: float = 0.0


def judge(site: Site, scratch: Path, timeout: float = DEFAULT_TIMEOUT, root: Path = ROOT) -> Verdict:
    """Write one mutant into the scratch copy, run the snippet's tests, then the checker."""
    start = time.perf_counter()
    try:
        text = mutant_source(site, root)
    except MutationError as exc:
        return Verdict(site, "error", str(exc))
    path = scratch / site.snippet
    original = path.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    try:
        topic = Path(site.snippet).stem
        code, out = run(tests_command(topic), scratch, timeout)
        if code != 0:
            return Verdict(site, "tests", out, time.perf_counter() - start)
        code, out = run(checker_command(), scratch, timeout)
        if code != 0:
            return Verdict(site, "checker", out, time.perf_counter() - start)
        return Verdict(site, "survived", "", time.perf_counter() - start)
    finally:
        path.write_text(original, encoding="utf-8")


def baseline(topics: list[str], scratch: Path, timeout: float) -> dict[str, float]:
    """Seconds each topic's tests take unmutated (and the checker's, as "checker"); all must pass."""
    seconds = {}
    for topic in [*topics, "checker"]:
        start = time.perf_counter()
        code, out = run(checker_command() if topic == "checker" else tests_command(topic), scratch, timeout)
        if code != 0:
            raise SystemExit(f"mutation: the unmutated {topic} {'' if topic == 'checker' else 'tests '}"
                             f"fail, so no mutant can be judged:\n{out}")
        seconds[topic] = time.perf_counter() - start
    return seconds


def run_code_mutations(count: int, seed: int, jobs: int, timeout: float, log=print) -> dict:
    sites = all_sites()
    chosen = sample_sites(sites, count, seed)
    topics = sorted({Path(s.snippet).stem for s in chosen})
    scratches = [scratch_copy() for _ in range(max(1, jobs))]
    try:
        log(f"mutation: {len(sites)} mutation sites in {len(snippet_files())} snippets; "
            f"judging {len(chosen)} (seed {seed}) ...")
        base = baseline(topics, scratches[0], timeout)
        estimate = sum(base[Path(s.snippet).stem] for s in chosen) + 0.5 * len(chosen) * base["checker"]
        log(f"mutation: about {estimate / max(1, jobs) / 60:.1f} minutes "
            f"({jobs} job{'s' if jobs > 1 else ''}, timeout {timeout:.0f} s a mutant)")
        free = list(scratches)
        lock = threading.Lock()
        verdicts: list[Verdict] = []
        started = time.perf_counter()

        def work(site: Site) -> Verdict:
            with lock:
                scratch = free.pop()
            try:
                return judge(site, scratch, timeout)
            finally:
                with lock:
                    free.append(scratch)

        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            for verdict in pool.map(work, chosen):
                verdicts.append(verdict)
                if len(verdicts) % 20 == 0 or len(verdicts) == len(chosen):
                    elapsed = time.perf_counter() - started
                    left = elapsed / len(verdicts) * (len(chosen) - len(verdicts))
                    log(f"mutation: {len(verdicts)}/{len(chosen)} judged, {elapsed / 60:.1f} min, "
                        f"about {left / 60:.1f} min left")
    finally:
        for s in scratches:
            shutil.rmtree(s, ignore_errors=True)
    return code_summary(verdicts, len(sites), seed, time.perf_counter() - started)


def code_summary(verdicts: list[Verdict], total_sites: int, seed: int, seconds: float) -> dict:
    per: dict[str, dict[str, int]] = {}
    for v in verdicts:
        row = per.setdefault(Path(v.site.snippet).name, {"mutants": 0, "tests": 0, "checker": 0,
                                                          "survived": 0, "error": 0})
        row["mutants"] += 1
        row[v.caught_by] += 1
    judged = [v for v in verdicts if v.caught_by != "error"]
    caught = sum(v.caught_by in ("tests", "checker") for v in judged)
    return {
        "seed": seed, "sites": total_sites, "mutants": len(judged), "seconds": round(seconds, 1),
        "caught_by_tests": sum(v.caught_by == "tests" for v in judged),
        "caught_only_by_checker": sum(v.caught_by == "checker" for v in judged),
        "survived": sum(v.caught_by == "survived" for v in judged),
        "catch_rate": round(100.0 * caught / len(judged), 1) if judged else None,
        "in_transcripts": sum(v.site.transcript for v in judged),
        "in_transcripts_caught": sum(v.site.transcript and v.caught_by != "survived" for v in judged),
        "elsewhere_caught_by_tests": sum(not v.site.transcript and v.caught_by == "tests" for v in judged),
        "per_snippet": dict(sorted(per.items())),
        "survivors": [f"{v.site.where} ({v.site.function}): {v.site.desc}" for v in judged
                      if v.caught_by == "survived"],
        "errors": [v.detail for v in verdicts if v.caught_by == "error"],
    }


def code_table(s: dict) -> str:
    lines = ["| snippet | mutants | caught by tests | caught only by the checker | survived |",
             "|---|---|---|---|---|"]
    for name, row in s["per_snippet"].items():
        lines.append(f"| {name} | {row['mutants'] - row['error']} | {row['tests']} | {row['checker']} | "
                     f"{row['survived']} |")
    lines.append(f"| **all** | {s['mutants']} | {s['caught_by_tests']} | {s['caught_only_by_checker']} | "
                 f"{s['survived']} |")
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Number mutations


@dataclass
class NumberMutant:
    page: str  # "docs/losses.md"
    line: int
    col: int
    kind: str  # "digit" or "sign"
    before: str
    after: str
    number_kind: str  # the checker's kind: "example" or "checked"

    @property
    def where(self) -> str:
        return f"{self.page}:{self.line}"


# Results the checker compares with a transcript. Givens are inputs, counted but not mutated (a page
# that passes the checker has no other kind of number).
MUTATED_KINDS = ("example", "checked")
BASE_TEN = re.compile(r"10(?=\s*\^)")  # the base of 1.2 \times 10^{-3} or 10^{-7}: not a digit of the value


def digit_positions(text: str) -> list[int]:
    base = {i for m in BASE_TEN.finditer(text) for i in range(m.start(), m.end())}
    return [i for i, ch in enumerate(text) if ch.isdigit() and i not in base]


def change_digit(text: str, rng: random.Random) -> str | None:
    positions = digit_positions(text)
    if not positions:
        return None
    i = rng.choice(positions)
    leading = i == positions[0] and i + 1 < len(text) and text[i + 1].isdigit()
    choices = [d for d in "0123456789" if d != text[i] and not (leading and d == "0")]
    return text[:i] + rng.choice(choices) + text[i + 1:]


def is_zero(text: str) -> bool:
    mantissa = re.split(r"[eE]|\\times|\\cdot", text)[0]
    return not any(ch in "123456789" for ch in mantissa)


def number_mutants(page: Path, root: Path, rng: random.Random) -> tuple[list[NumberMutant], dict]:
    """One digit change for every example/checked number; one sign removal for every signed one."""
    import check_examples as ce

    rel = page.relative_to(root).as_posix()
    counts = {"given": 0, "signed_zero": 0}
    out: list[NumberMutant] = []
    for n in ce.page_numbers(page, root, cache=checker_cache(root)):
        if n.kind not in MUTATED_KINDS:
            counts["given"] += 1
            continue
        after = change_digit(n.text, rng)
        if after is not None:
            out.append(NumberMutant(rel, n.line, n.col, "digit", n.text, after, n.kind))
        if n.text[:1] in "-−":
            if is_zero(n.text):
                counts["signed_zero"] += 1  # the sign of zero is not compared
            else:
                out.append(NumberMutant(rel, n.line, n.col, "sign", n.text, n.text[1:], n.kind))
    return out, counts


def apply_number(mutant: NumberMutant, text: str) -> str:
    lines = text.splitlines(keepends=True)
    line = lines[mutant.line - 1]
    if line[mutant.col:mutant.col + len(mutant.before)] != mutant.before:
        raise MutationError(f"{mutant.where}: {mutant.before!r} is not at column {mutant.col} of {line!r}")
    lines[mutant.line - 1] = line[:mutant.col] + mutant.after + line[mutant.col + len(mutant.before):]
    return "".join(lines)


def checker_cache(scratch: Path) -> Path:
    """The checker's cache in the scratch copy: the snippets do not change while numbers are
    mutated, so each transcript runs once (check_examples.check(cache=...))."""
    return scratch / ".cache" / "build"


def judge_number(mutant: NumberMutant, scratch: Path) -> tuple[str, str]:
    """("exact" | "elsewhere" | "missed" | "crashed", why and the checker's first problem).

    "elsewhere" says why when the changed number stopped being a result: it now equals one of
    the page's givens (2.5 -> 2.0 with 2 a given), or it is no longer read at all (the data
    exponent in θ^{7} -> θ^{2}, which reads as a square). The checker still fails the page, at the
    next number of the block or region or at its end, since the text then has one number fewer.
    """
    import check_examples as ce

    page = scratch / mutant.page
    original = page.read_text(encoding="utf-8")
    page.write_text(apply_number(mutant, original), encoding="utf-8")
    try:
        try:
            problems = ce.check(scratch / "docs", scratch, pages=[page],
                                cache=checker_cache(scratch)).problems
        except Exception as exc:  # noqa: BLE001 - the checker must never raise; say so
            return "crashed", f"{type(exc).__name__}: {exc}"
        prefix = f"{mutant.where}:"
        hit = next((p for p in problems if p.startswith(prefix)), None)
        if hit:
            return "exact", hit
        if not problems:
            return "missed", ""
        numbers = ce.page_numbers(page, scratch, cache=checker_cache(scratch))
        now = next((n for n in numbers if (n.line, n.col) == (mutant.line, mutant.col)), None)
        why = (NO_LONGER_READ if now is None else f"now read as {now.text}" if now.text != mutant.after
               else NOW_A_GIVEN if now.kind == "given" else "")
        return "elsewhere", f"{why}; {problems[0]}" if why else problems[0]
    finally:
        page.write_text(original, encoding="utf-8")


NOW_A_GIVEN = "now equals a given of the page"
NO_LONGER_READ = "no longer read as a number"


def run_number_mutations(sample: int | None, seed: int, pages: list[Path] | None = None,
                         log=print) -> dict:
    import check_examples as ce

    scratch = scratch_copy()
    started = time.perf_counter()
    try:
        pages = pages or sorted((scratch / "docs").rglob("*.md"))
        rng = random.Random(seed)
        mutants: list[NumberMutant] = []
        counts = {"given": 0, "signed_zero": 0}
        for page in pages:
            problems = ce.check(scratch / "docs", scratch, pages=[page], cache=checker_cache(scratch)).problems
            if problems:
                raise SystemExit(f"mutation: the unmutated page fails the checker:\n" + "\n".join(problems))
            found, c = number_mutants(page, scratch, rng)
            mutants += found
            counts = {k: counts[k] + c[k] for k in counts}
        total = len(mutants)
        if sample is not None and sample < total:
            mutants = [mutants[i] for i in sorted(random.Random(seed).sample(range(total), sample))]
        log(f"mutation: {total} number mutations on {len(pages)} pages; judging {len(mutants)} ...")
        results = [(m, *judge_number(m, scratch)) for m in mutants]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return number_summary(results, total, counts, seed, sample, time.perf_counter() - started)


def number_summary(results, total: int, counts: dict, seed: int, sample, seconds: float) -> dict:
    out = {"seed": seed, "sample": sample, "mutations_available": total, "givens_not_mutated": counts["given"],
           "signed_zeros_not_mutated": counts["signed_zero"],
           "seconds": round(seconds, 1)}
    for kind in ("digit", "sign"):
        rows = [r for r in results if r[0].kind == kind]
        exact = sum(r[1] == "exact" for r in rows)
        out[kind] = {"mutants": len(rows), "exact": exact,
                     "elsewhere": sum(r[1] == "elsewhere" for r in rows),
                     "elsewhere_given_or_unread": sum(r[1] == "elsewhere" and r[2].startswith(
                         (NOW_A_GIVEN, NO_LONGER_READ)) for r in rows),
                     "missed": sum(r[1] == "missed" for r in rows),
                     "crashed": sum(r[1] == "crashed" for r in rows),
                     "catch_rate": round(100.0 * exact / len(rows), 2) if rows else None}
    out["survivors"] = [f"{m.where}: {m.kind} {m.before} → {m.after} ({m.number_kind}): {verdict}"
                        + (f": {problem}" if problem else "")
                        for m, verdict, problem in results if verdict != "exact"]
    return out


def number_table(s: dict) -> str:
    lines = ["| number mutations | mutants | reported on that page and line | elsewhere | missed | "
             "checker crashed |", "|---|---|---|---|---|---|"]
    for kind, label in (("digit", "one digit changed"), ("sign", "sign removed")):
        r = s[kind]
        lines.append(f"| {label} | {r['mutants']} | {r['exact']} | {r['elsewhere']} | {r['missed']} | "
                     f"{r['crashed']} |")
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Report


def percent(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.1f} %" if whole else "n/a"


def rate(x) -> str:
    return "n/a" if x is None else f"{x:g} %"


def report(data: dict) -> str:
    lines = []
    c = data.get("code")
    if c:
        own = c["mutants"] - c["in_transcripts"]
        lines += [f"Code: {c['mutants']} mutants of {c['sites']} sites (seed {c['seed']}): "
                  f"**{rate(c['catch_rate'])} caught**, {percent(c['caught_by_tests'], c['mutants'])} by the "
                  f"snippets' own tests. {c['in_transcripts']} fell in the transcript functions the checker "
                  f"calls (only the checker reads them): {c['in_transcripts_caught']} caught. Of the other "
                  f"{own}, {percent(c['elsewhere_caught_by_tests'], own)} were caught by the snippets' own tests.",
                  "", code_table(c)]
    n = data.get("numbers")
    if n:
        sampled = f"a sample of {n['sample']} (seed {n['seed']})" if n["sample"] else "all"
        lines += ["",
                  f"Numbers: {sampled} of {n['mutations_available']} changes on every page; digits "
                  f"**{rate(n['digit']['catch_rate'])}** and signs **{rate(n['sign']['catch_rate'])}** reported "
                  f"on the exact page and line. Not mutated: " + ", ".join(
                      f"{count} {what}" for count, what in (
                          (n["givens_not_mutated"], "givens (inputs, not results)"),
                          (n["signed_zeros_not_mutated"], "signs of zeros (the sign of zero is not compared)"))
                      if count) + ".",
                  "", number_table(n)]
        explained = sum(n[k].get("elsewhere_given_or_unread", 0) for k in ("digit", "sign"))
        if explained:
            lines += ["", f"{explained} of the changes reported elsewhere turned a result into one of the "
                          f"page's givens, or into something not read (θ^{{7}} → θ^{{2}}, a square): the block "
                          f"or region then has one number fewer, and the checker fails it at its next number "
                          f"or its end."]
    return "\n".join(lines).strip("\n")


def survivors_text(data: dict) -> str:
    lines = []
    for part, label in (("code", "code mutants that survived"), ("numbers", "number mutants not reported "
                                                                             "on their own line")):
        rows = (data.get(part) or {}).get("survivors", [])
        if rows:
            lines += ["", f"{len(rows)} {label}:"] + [f"- {r}" for r in rows]
    errors = (data.get("code") or {}).get("errors", [])
    if errors:
        lines += ["", f"{len(errors)} mutations could not be written (a bug in scripts/mutation.py):"]
        lines += [f"- {e}" for e in errors]
    return "\n".join(lines)


def update_readme(data: dict, readme: Path = ROOT / "README.md") -> None:
    import bench

    parts = []
    if data.get("code"):
        c = data["code"]
        parts.append(f"code: {c['date']}, {c['seconds'] / 60:.1f} min")
    if data.get("numbers"):
        n = data["numbers"]
        parts.append(f"numbers: {n['date']}, {n['seconds'] / 60:.1f} min")
    body = f"_Measured by `make mutation` on {data.get('cores')} cores ({'; '.join(parts)})._\n\n{report(data)}"
    survivors = survivors_text(data).strip()
    if survivors:
        body += f"\n\n{survivors}"
    bench.replace_readme_section("mutation", body, readme)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT, help="code mutants to judge")
    parser.add_argument("--sample", type=int, default=None, help="number mutants to judge (default: all)")
    parser.add_argument("--jobs", type=int, default=1, help="code mutants judged at once")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds a mutant's tests may take")
    parser.add_argument("--skip", action="append", default=[], choices=["code", "numbers"])
    parser.add_argument("--dry-run", action="store_true", help="count mutation sites, judge nothing")
    parser.add_argument("--update-readme", action="store_true")
    parser.add_argument("--json", type=Path, default=ROOT / "mutation.json")
    args = parser.parse_args(argv)

    if args.dry_run:
        sites = all_sites()
        by_file: dict[str, int] = {}
        for s in sites:
            by_file[s.snippet] = by_file.get(s.snippet, 0) + 1
        for name, k in by_file.items():
            print(f"{name:<32} {k:>5} mutation sites")
        print(f"{'all':<32} {len(sites):>5}; --count {args.count} judges "
              f"{min(args.count, len(sites))} (about 1.5 s each on 2 cores)")
        return 0

    try:
        data = json.loads(args.json.read_text()) if args.json.exists() else {}
    except json.JSONDecodeError:
        data = {}
    data["cores"] = os.cpu_count()
    def now() -> str:
        return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())

    if "code" not in args.skip:
        data["code"] = {"date": now(), **run_code_mutations(args.count, args.seed, args.jobs, args.timeout)}
    if "numbers" not in args.skip:
        data["numbers"] = {"date": now(), **run_number_mutations(args.sample, args.seed)}
    args.json.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print()
    print(report(data))
    print(survivors_text(data))
    if args.update_readme:
        update_readme(data)
        print(f"\nmutation: README.md updated; raw figures in {args.json.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
