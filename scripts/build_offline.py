#!/usr/bin/env python3
"""Build a copy of the site that works when opened from disk (file://), and pack it as a zip.

Material's ``offline`` plugin (enabled by ``OFFLINE=true``, see mkdocs.yml) turns off directory
URLs and inlines the search index; ``scripts/mkdocs_hooks.py`` replaces the plugin's CDN
polyfill for the search worker with npm's ``iframe-worker`` shim served from the copy itself.

    python scripts/build_offline.py                 # -> site-offline/ and .cache/offline/<zip>
    python scripts/build_offline.py --out DIR --zip FILE
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ZIP_NAME = "deep-learning-checked-offline.zip"
DEFAULT_ZIP = ROOT / ".cache" / "offline" / ZIP_NAME
TOP = "deep-learning-checked"  # the folder a reader gets when unpacking


def build(out: Path) -> None:
    env = {**os.environ, "OFFLINE": "true", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"build_offline: the offline build failed:\n{result.stderr}")


def pack(site: Path, zip_path: Path) -> int:
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = zip_path.with_suffix(".tmp")
    files = sorted(p for p in site.rglob("*") if p.is_file())
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for path in files:
            info = zipfile.ZipInfo(f"{TOP}/{path.relative_to(site).as_posix()}", date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, path.read_bytes())
    tmp.replace(zip_path)
    return len(files)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Build the offline copy of the site and zip it.")
    parser.add_argument("--out", type=Path, default=ROOT / "site-offline")
    parser.add_argument("--zip", type=Path, default=DEFAULT_ZIP)
    args = parser.parse_args(argv)
    build(args.out)
    count = pack(args.out, args.zip)
    size = args.zip.stat().st_size
    print(f"build_offline: {count} files in {args.out}; {args.zip} ({size / 1024:.0f} KiB). "
          f"Open {args.out / 'index.html'} in a browser, or unzip and open {TOP}/index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
