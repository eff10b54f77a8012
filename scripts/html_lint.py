#!/usr/bin/env python3
"""Lint built HTML: the failures a Markdown build lets through quietly.

* raw TeX left over (``\\(``, ``\\[``, ``$$`` or an unrendered arithmatex element)
  in text or in a code block, e.g. display math that fell out of an admonition;
* a math error element (``<merror>``, which Temml writes for TeX it cannot render when not told
  to fail);
* an empty admonition or collapsible block (a title and nothing else);
* an image without alt text;
* a formula that sets its own colour or background (``mathcolor``, ``mathbackground``, or a
  ``style`` with a colour in it): formulas draw in the colours of the text around them, whose
  contrast the browser tests check in light and dark (axe leaves the formulas out);
* a table header cell without words: empty, or only a formula (a column named by a symbol
  alone is read out as that symbol; name it in words, the symbol may follow).

    python scripts/html_lint.py site/      # lint a built site
"""
from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

from build_cache import Store, digest  # noqa: E402

TEX_MARKERS = ("\\(", "\\)", "\\[", "\\]", "$$", "\\frac", "\\begin{")


class _Linter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.stack: list[tuple[str, dict]] = []
        self.skip_depth = 0  # inside <annotation>, <script>, <style>: TeX there is expected
        self.boxes: list[dict] = []  # open admonitions / details
        self.th: dict | None = None  # the open <th>: its line and whether it has words
        self.math_depth = 0  # inside rendered math

    def where(self) -> str:
        return f"line {self.getpos()[0]}"

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag in ("annotation", "script", "style"):
            self.skip_depth += 1
        if tag == "th":
            self.th = {"line": self.getpos()[0], "text": bool((a.get("aria-label") or "").strip())}
        if tag == "math":
            self.math_depth += 1
        if tag == "img" and not (a.get("alt") or "").strip():
            self.problems.append(f"{self.where()}: <img src={a.get('src')!r}> has no alt text")
        if "arithmatex" in classes:
            self.problems.append(f"{self.where()}: math left unrendered (class arithmatex)")
        if self.math_depth:  # the <math> element itself and everything inside it
            style = (a.get("style") or "").lower()
            own = [f'{k}="{a[k]}"' for k in ("mathcolor", "mathbackground") if a.get(k)]
            if "color" in style or "background" in style:
                own.append(f'style="{a["style"]}"')
            if own:
                self.problems.append(f"{self.where()}: a formula sets its own colour ({', '.join(own)}): "
                                     f"drop the colour, formulas draw in the colours of the text around them")
        if tag == "merror" or "temml-error" in classes:
            self.problems.append(f"{self.where()}: math error: a formula did not render")
        if (tag == "div" and "admonition" in classes) or tag == "details":
            self.boxes.append({"depth": len(self.stack), "content": False, "line": self.getpos()[0],
                               "in_title": False})
        if self.boxes and (tag == "summary" or (tag == "p" and "admonition-title" in classes)):
            self.boxes[-1]["in_title"] = True
        elif self.boxes and len(self.stack) > self.boxes[-1]["depth"] + 0 and tag not in ("br",):
            if not self.boxes[-1]["in_title"] and tag in ("p", "div", "ul", "ol", "table", "pre",
                                                          "img", "span", "dl", "blockquote", "figure"):
                self.boxes[-1]["content"] = True
        if tag not in ("br", "img", "hr", "meta", "link", "input", "source", "wbr", "col", "area"):
            self.stack.append((tag, a))

    def handle_endtag(self, tag):
        if tag == "th" and self.th is not None:
            if not self.th["text"]:
                self.problems.append(f"line {self.th['line']}: a table header cell without words: "
                                     f"name the column in words, e.g. | input $z$ |, not | $z$ |")
            self.th = None
        if tag in ("br", "img", "hr", "meta", "link", "input", "source", "wbr", "col", "area"):
            return
        while self.stack:
            open_tag, a = self.stack.pop()
            classes = (a.get("class") or "").split()
            if open_tag in ("annotation", "script", "style"):
                self.skip_depth -= 1
            if open_tag == "math":
                self.math_depth -= 1
            if self.boxes and (open_tag == "summary" or "admonition-title" in classes):
                self.boxes[-1]["in_title"] = False
            if self.boxes and len(self.stack) == self.boxes[-1]["depth"] and (
                    open_tag == "details" or (open_tag == "div" and "admonition" in classes)):
                box = self.boxes.pop()
                if not box["content"]:
                    self.problems.append(f"line {box['line']}: an empty admonition/details block")
                if self.boxes:
                    self.boxes[-1]["content"] = True
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self.th is not None and data.strip() and not self.math_depth:
            self.th["text"] = True
        if self.skip_depth:
            return
        if self.boxes and not self.boxes[-1]["in_title"] and data.strip():
            self.boxes[-1]["content"] = True
        for marker in TEX_MARKERS:
            if marker in data:
                in_code = any(t in ("pre", "code") for t, _ in self.stack)
                kind = "a code block" if in_code else "the text"
                snippet = data.strip().replace("\n", " ")[:80]
                self.problems.append(f"{self.where()}: raw TeX {marker!r} in {kind}: {snippet!r}")
                break


# A formula is most of a page's elements (over half on a math-heavy page) and almost never holds
# anything the linter reports. One that cannot (no colour of its own, no error, no TeX outside its
# annotation) is parsed as an empty <math> keeping its lines, so every line number stays right;
# any other is parsed whole.
FORMULA = re.compile(r"(<math\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>)(.*?)</math\s*>", re.S | re.I)
ANNOTATION = re.compile(r"<annotation\b.*?</annotation\s*>", re.S | re.I)
TAG = re.compile(r"<[^>]*>")
STYLE = re.compile(r"""\bstyle\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
REPORTED = ("mathcolor", "mathbackground", "merror", "temml-error", "arithmatex")


def _fold_formula(match: re.Match) -> str:
    start, inner = match.group(1), match.group(2)
    styles = " ".join(a or b for a, b in STYLE.findall(match.group(0))).lower()
    text = TAG.sub("", ANNOTATION.sub("", inner))
    if (any(word in match.group(0) for word in REPORTED) or "color" in styles or "background" in styles
            or any(marker in text for marker in TEX_MARKERS)):
        return match.group(0)
    # Its text (outside the annotation) fills a box as before; the linter reads no more of it.
    return start + "\n" * inner.count("\n") + ("M" if text.strip() else "") + "</math>"


def lint_html(html: str) -> list[str]:
    linter = _Linter()
    linter.feed(FORMULA.sub(_fold_formula, html))
    linter.close()
    return linter.problems


_linted = Store()  # page -> the problems of its HTML, kept per HTML


def lint_page(name: str, html: str) -> list[str]:
    """:func:`lint_html`, kept per page for its HTML: under mkdocs serve an unchanged page is not
    parsed again (a result depends on the HTML alone, problems included)."""
    key = digest(html)
    problems = _linted.get(name, key)
    if problems is None:
        problems = lint_html(html)
        _linted.put(name, key, problems)
    return list(problems)


def lint_site(site: Path) -> list[str]:
    problems = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("assets/", "search/")) or rel == "404.html":
            continue
        problems += [f"site/{rel}: {p}" for p in lint_html(path.read_text(encoding="utf-8"))]
    return problems


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    site = Path(argv[0]) if argv else Path("site")
    if not site.is_dir():
        print(f"html_lint: {site} is not a built site: run `make build` first", file=sys.stderr)
        return 2
    problems = lint_site(site)
    for p in problems:
        print(p, file=sys.stderr)
    pages = sum(1 for _ in site.rglob("*.html"))
    if problems:
        print(f"html_lint: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"html_lint: {pages} HTML files clean")
    return 0


if __name__ == "__main__":
    sys.exit(main())
