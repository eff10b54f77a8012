#!/usr/bin/env python3
"""Results of the build's checks, kept by content hash so an unchanged input is not worked again.

A :class:`Store` holds one entry per *slot* (what was computed: a page, a snippet function) with
the *key* it was computed from: a hash of every input (file contents, the code that computed it,
library versions). ``get(slot, key)`` returns the value only when the key is the same, so a
changed input is a miss and is computed afresh; putting a new entry replaces the slot's old one,
so a store never holds more than one entry per page or function. With a folder the entries are
also kept as JSON files (``.cache/build/<name>/``, gitignored), written atomically, so the next
``mkdocs build`` or ``mkdocs serve`` starts warm; without one they live in memory, for the rest
of the process (``mkdocs serve`` keeps its Python modules across rebuilds).

The users decide what may be stored, and store only results that passed: a cached entry says
"these inputs passed", so a failure is always computed again and reported again.

    python scripts/build_cache.py           # what .cache/build holds
    python scripts/build_cache.py --clear   # empty it (make clean does too)
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / ".cache" / "build"
MISSING = "missing"


def digest(*parts: str | bytes) -> str:
    """SHA-256 of the parts, each length-prefixed so ("ab", "c") and ("a", "bc") differ."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(str(len(data)).encode() + b":")
        h.update(data)
    return h.hexdigest()


def file_digest(path: Path) -> str:
    """The hash of a file's bytes, or ``"missing"`` when it cannot be read."""
    try:
        return digest(path.read_bytes())
    except OSError:
        return MISSING


class Store:
    """One entry per slot, returned only for the key it was stored with (see the module docstring)."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder
        self._memory: dict[str, tuple[str, object]] = {}
        self.hits = self.misses = 0

    def _path(self, slot: str) -> Path:
        return self.folder / f"{digest(slot)[:32]}.json"

    def get(self, slot: str, key: str):
        """The value stored for ``slot`` under ``key``, or None."""
        entry = self._memory.get(slot)
        if entry is None and self.folder is not None:
            try:
                data = json.loads(self._path(slot).read_text(encoding="utf-8"))
                entry = (data["key"], data["value"]) if data.get("slot") == slot else None
            except (OSError, ValueError, KeyError, TypeError):
                entry = None
            if entry is not None:
                self._memory[slot] = entry
        if entry is not None and entry[0] == key:
            self.hits += 1
            return entry[1]
        self.misses += 1
        return None

    def put(self, slot: str, key: str, value) -> None:
        self._memory[slot] = (key, value)
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"slot": slot, "key": key, "value": value}, separators=(",", ":"))
        fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
            os.replace(tmp, self._path(slot))  # atomic: a reader sees the old entry or the new one
        except OSError:  # a cache that cannot be written is only slower
            Path(tmp).unlink(missing_ok=True)

    def __len__(self) -> int:
        return len(self._memory)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--clear", action="store_true", help="remove every cached entry")
    args = parser.parse_args(argv)
    if args.clear:
        shutil.rmtree(args.dir, ignore_errors=True)
        print(f"build_cache: emptied {args.dir}")
        return 0
    if not args.dir.is_dir():
        print(f"build_cache: {args.dir} is empty (nothing built yet)")
        return 0
    for folder in sorted({p.parent for p in args.dir.rglob("*.json")}):
        files = list(folder.glob("*.json"))
        size = sum(f.stat().st_size for f in files)
        print(f"{folder.relative_to(args.dir)}: {len(files)} entries, {size / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
