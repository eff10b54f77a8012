#!/usr/bin/env python3
"""Remove TeX from the site's search index.

Material's search plugin indexes each page before the math is rendered (rendering first would
fill the index with MathML), so the index holds raw TeX such as ``\\(\\frac{a}{b}\\)``. Nobody
searches for that, and it is a fifth of the index every reader downloads on a first visit. The
words around each formula stay searchable.

    python scripts/search_index.py site/search/search_index.json
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

TEX = re.compile(r"\\\(.*?\\\)|\\\[.*?\\\]", re.S)


def strip_math(index: dict) -> int:
    """Remove TeX from every entry's text in place; returns the number of characters removed."""
    removed = 0
    for doc in index.get("docs", []):
        text = doc.get("text", "")
        stripped = re.sub(r"[ \t]{2,}", " ", TEX.sub(" ", text))
        removed += len(text) - len(stripped)
        doc["text"] = stripped
    return removed


def rewrite(path: Path) -> int:
    index = json.loads(path.read_text(encoding="utf-8"))
    removed = strip_math(index)
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return removed


if __name__ == "__main__":
    if len(sys.argv) != 2 or not Path(sys.argv[1]).is_file():
        print("usage: python scripts/search_index.py site/search/search_index.json", file=sys.stderr)
        sys.exit(2)
    print(f"search_index: removed {rewrite(Path(sys.argv[1]))} characters of TeX")
