#!/usr/bin/env python3
"""Provenance of a topic page: what checked its numbers, from which build, and where to report a problem.

Every topic page ends with one line, written by the MkDocs hook from the build itself (never
typed): how many of its numbers the checker compared with which snippets, the NumPy version that
computed them, and the commit the site was built from. When ``repo_url`` is set in mkdocs.yml
(the publishing workflow sets it from REPO_URL), the line and the table-of-contents sidebar also
link to a prefilled issue form ("Report a problem") and to the page's Markdown ("Edit this page");
a fork or a local build without it links nowhere else.

    python scripts/provenance.py    # prints the facts of this checkout
"""
from __future__ import annotations

import html
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
ISSUE_FORM = "report-a-problem.yml"  # .github/ISSUE_TEMPLATE/report-a-problem.yml
BRANCH = "main"


def build_facts(root: Path = ROOT) -> dict[str, str]:
    """The NumPy version and the commit of the checkout (with '+ local changes' when it is dirty)."""
    import numpy

    def git(*args: str) -> str | None:
        try:
            out = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=20)
        except (OSError, subprocess.SubprocessError):
            return None
        return out.stdout.strip() if out.returncode == 0 else None

    commit = git("rev-parse", "--short=12", "HEAD")
    if commit and git("status", "--porcelain", "--untracked-files=no"):
        commit += " + local changes"
    return {"numpy": numpy.__version__, "commit": commit or "an unknown commit (not a git checkout)"}


def links(repo_url: str | None, rel: str, snippets: list[str], title: str, facts: dict[str, str]
          ) -> dict[str, str]:
    """The page's 'report a problem' and 'edit this page' URLs, or nothing without a repository."""
    if not repo_url:
        return {}
    base = repo_url.rstrip("/")
    query = urlencode({"template": ISSUE_FORM, "title": f"Problem on “{title}”", "page": rel,
                       "snippet": ", ".join(snippets), "commit": facts["commit"]})
    return {"report_url": f"{base}/issues/new?{query}", "edit_url": f"{base}/edit/{BRANCH}/{rel}"}


def line(numbers: int, snippets: list[str], facts: dict[str, str], urls: dict[str, str]) -> str:
    """The provenance paragraph (HTML) that ends a topic page."""
    code = ", ".join(f"<code>{html.escape(s)}</code>" for s in snippets) or "no snippet"
    text = (f"{numbers:,} numbers on this page are compared with {code} (NumPy {facts['numpy']}) "
            f"every time the site is built; this copy was built from commit "
            f"<code>{html.escape(facts['commit'])}</code>.")
    if urls:
        text += (f' <a class="report-link" href="{html.escape(urls["report_url"])}">Report a problem</a>'
                 f' · <a href="{html.escape(urls["edit_url"])}">Edit this page</a>')
    return f'<p class="provenance">{text}</p>\n'


if __name__ == "__main__":
    facts = build_facts()
    print(f"NumPy {facts['numpy']}, commit {facts['commit']}")
    sys.exit(0)
