#!/usr/bin/env python3
"""Under ``mkdocs serve``, a rebuild converts only the pages whose Markdown (or an include) changed.

``mkdocs serve`` rebuilds the whole site on every save (``--dirty`` aborts in strict mode), and
most of a rebuild is per-page work whose inputs did not change: converting Markdown to HTML, and
Material's search plugin reading that HTML. The hooks (scripts/mkdocs_hooks.py) give each page
to :data:`CACHE` while serving, which keeps, in memory, one entry per page:

* **the Markdown conversion**: ``page.content``, ``page.toc``, the title found in the page, the
  anchors it has and the anchors it links to. Its key is everything the conversion reads: the
  page's Markdown after the hooks (the home page's index, the symbol tables and the provenance
  line are in it), every file ``pymdownx.snippets`` includes (found by running that extension's
  own preprocessor, the code that reads them), the page's source path and URL, the site's file
  list (links are resolved against it), the Markdown extensions and their settings, the
  validation settings and the versions of MkDocs, Python-Markdown, pymdown-extensions and Pygments;
* **the page's search entries**: keyed by its HTML, table of contents, URL, title and search
  front matter, and the search plugin's settings.

Everything else is still done for every page on every rebuild, from the current objects: nav,
previous/next links, the theme templates, math rendering and HTML lint (these keep their own
results per formula and per HTML), anchor validation (from the anchors above), the search index
file. Nothing here is used by ``mkdocs build``.

Rules that keep it sound:

* a Markdown extension not in :data:`ALLOWED_EXTENSIONS` turns the conversion cache off (it could
  read a file this module does not know of); so does ``pymdownx.snippets`` with ``url_download``;
* a conversion that logs anything at INFO or above (a link to a missing page, an include that is
  not there) is not kept: it runs again on the next rebuild and says so again, so strict mode
  still fails;
* a page whose ``render`` another plugin has replaced (notebooks) is left alone.

    python scripts/render_cache.py    # build twice in one process, as serve does; compare the files
    python scripts/render_cache.py PROJECT --edit docs/page.md OLD NEW --json out.json
"""
from __future__ import annotations

import argparse
import copy
import functools
import json
import logging
import os
import sys
from importlib import metadata
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

from build_cache import Store, digest  # noqa: E402

ROOT = SCRIPTS.parent
# Extensions reviewed: they read nothing but the Markdown and their settings (snippets is handled).
ALLOWED_EXTENSIONS = frozenset({
    "toc", "tables", "fenced_code", "abbr", "admonition", "attr_list", "def_list", "footnotes",
    "md_in_html", "pymdownx.arithmatex", "pymdownx.details", "pymdownx.highlight",
    "pymdownx.inlinehilite", "pymdownx.superfences", "pymdownx.tabbed", "pymdownx.snippets",
    "question_bank",  # the site's own (scripts/question_bank.py): ids from each question's title
})
LIBRARIES = ("mkdocs", "markdown", "pymdown-extensions", "pygments", "mkdocs-material")


def _plain(value):
    """JSON for settings: paths as paths (mkdocs' !relative placeholders), anything else as repr."""
    return os.fspath(value) if isinstance(value, os.PathLike) else repr(value)


def toc_signature(toc) -> list:
    return [[item.id, item.title, item.level, toc_signature(item.children)] for item in toc]


class _Records(logging.Handler):
    """Notes whether anything at INFO or above was logged while it was attached."""

    LOGGERS = ("mkdocs", "")  # mkdocs' own logger does not propagate to the root logger

    def __init__(self):
        super().__init__(logging.INFO)
        self.seen = False

    def emit(self, record):
        self.seen = True

    def __enter__(self):
        for name in self.LOGGERS:
            logging.getLogger(name).addHandler(self)
        return self

    def __exit__(self, *exc):
        for name in self.LOGGERS:
            logging.getLogger(name).removeHandler(self)


def _bytecode_cache():
    import jinja2

    class Bytecode(jinja2.BytecodeCache):
        def __init__(self):
            self.code: dict[str, bytes] = {}

        def load_bytecode(self, bucket):
            if bucket.key in self.code:
                bucket.bytecode_from_string(self.code[bucket.key])  # Jinja drops it if the source changed

        def dump_bytecode(self, bucket):
            self.code[bucket.key] = bucket.bytecode_to_string()

    return Bytecode()


class RenderCache:
    def __init__(self):
        self.pages = Store()
        self.search = Store()
        self.templates = _bytecode_cache()
        self._files = None  # the Files of the build the site-wide key was computed for
        self._context = ""
        self._expand = None
        self.converted = self.reused = self.search_reused = 0

    # -- the site-wide part of every key, once per build -------------------------------------
    def usable(self, config) -> bool:
        extensions = set(config.markdown_extensions)
        snippets = (config.mdx_configs or {}).get("pymdownx.snippets", {})
        return extensions <= ALLOWED_EXTENSIONS and not snippets.get("url_download")

    def _start(self, config, files) -> None:
        import markdown

        versions = [f"{name}={metadata.version(name)}" for name in LIBRARIES]
        settings = json.dumps({"extensions": list(config.markdown_extensions), "configs": config.mdx_configs,
                               "validation": {k: dict(v) for k, v in config.validation.items()},
                               "directory_urls": config.use_directory_urls,
                               "anchor_links": logging.getLogger("mkdocs").getEffectiveLevel() > logging.DEBUG},
                              default=_plain, sort_keys=True)
        listing = "\n".join(f"{f.src_uri}\t{f.dest_uri}\t{f.url}\t{f.inclusion.name}"
                            for f in sorted(files, key=lambda f: f.src_uri))
        self._context = digest(*versions, settings, listing)
        self._expand = None
        if "pymdownx.snippets" in config.markdown_extensions:
            md = markdown.Markdown(extensions=["pymdownx.snippets"], extension_configs={
                "pymdownx.snippets": config.mdx_configs.get("pymdownx.snippets", {})})
            self._expand = md.preprocessors["snippet"]
        self._files = files
        self.converted = self.reused = self.search_reused = 0

    def expanded(self, markdown_text: str) -> str:
        """The Markdown with every include in place: what pymdownx.snippets reads for this page."""
        if self._expand is None:
            return markdown_text
        return "\n".join(self._expand.run(markdown_text.split("\n")))

    # -- the Markdown conversion ---------------------------------------------------------
    def attach(self, page, config, files) -> None:
        """Let this page's conversion come from the cache (call from on_page_markdown)."""
        if not self.usable(config) or "render" in vars(page) or not page.file.src_uri.endswith(".md"):
            return
        if files is not self._files:
            self._start(config, files)
        page.render = functools.partial(self._render, page)

    def _render(self, page, config, files) -> None:
        convert = functools.partial(type(page).render, page, config, files)
        try:
            key = digest(self._context, page.file.src_uri, page.file.url, page.markdown,
                         self.expanded(page.markdown))
        except Exception:  # noqa: BLE001 - a missing include: the real conversion reports it
            return convert()
        entry = self.pages.get(page.file.src_uri, key)
        links = {}
        for src_uri, anchors in ((entry or {}).get("links") or {}).items():
            target = files.get_file_from_path(src_uri)
            if target is None:
                entry = None
                break
            links[target] = dict(anchors)
        if entry is not None:
            page.content = entry["content"]
            page.toc = copy.deepcopy(entry["toc"])
            page._title_from_render = entry["title"]
            page.present_anchor_ids = set(entry["anchors"])
            if entry["links"] is not None:
                page.links_to_anchors = links
            self.reused += 1
            return None
        with _Records() as records:
            convert()
        self.converted += 1
        if not records.seen:
            links = page.links_to_anchors
            self.pages.put(page.file.src_uri, key, {
                "content": page.content, "toc": copy.deepcopy(page.toc), "title": page._title_from_render,
                "anchors": frozenset(page.present_anchor_ids or ()),
                "links": None if links is None else {f.src_uri: dict(a) for f, a in links.items()}})
        return None

    # -- search entries --------------------------------------------------------------------
    def wrap_search(self, config) -> None:
        """Let Material's search plugin take unchanged pages' entries from the cache (once per build)."""
        plugin = config.plugins.get("material/search") or config.plugins.get("search")
        index = getattr(plugin, "search_index", None)
        if index is None or not hasattr(index, "add_entry_from_context") or not hasattr(index, "entries"):
            return
        original = index.add_entry_from_context
        settings = json.dumps(dict(plugin.config), default=_plain, sort_keys=True)

        def add_entry_from_context(page):
            meta = json.dumps({k: page.meta.get(k) for k in ("title", "search", "tags")}, default=_plain,
                              sort_keys=True)
            key = digest(settings, page.url, str(page.title), meta, json.dumps(toc_signature(page.toc)),
                         page.content or "")
            cached = self.search.get(page.url, key)
            if cached is not None:
                index.entries.extend(copy.deepcopy(cached))
                self.search_reused += 1
                return
            start = len(index.entries)
            original(page)
            self.search.put(page.url, key, copy.deepcopy(index.entries[start:]))

        index.add_entry_from_context = add_entry_from_context

    # -- compiled theme templates ----------------------------------------------------------
    def share_templates(self, env) -> None:
        """Compile each theme template once per serve, not once per rebuild (call from on_env).

        MkDocs makes a new Jinja environment for every build; Jinja's own bytecode cache, checked
        against each template's source, keeps the compiled code between them.
        """
        env.bytecode_cache = self.templates

    def summary(self) -> str:
        return (f"render_cache: {self.converted} pages converted, {self.reused} unchanged pages reused; "
                f"search entries of {self.search_reused} pages reused")


CACHE = RenderCache()  # lives as long as the process: mkdocs serve keeps its modules across rebuilds


# ---------------------------------------------------------------------------
# Standalone: builds in one process, as mkdocs serve runs them


class _Messages(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def serve_builds(project: Path, steps=(), site_dir: Path | None = None) -> list[dict]:
    """Build ``project`` once, then once more after each step, in one process as ``mkdocs serve``
    does (its start-up command and URL; each build's errors are caught and the next step runs,
    as serve does). A step is ("edit", file, old, new): replace the first ``old`` by ``new`` in
    the project's ``file``; or ("delete", file). Returns, per build: the SHA-256 of every file
    written, the warnings and errors logged, whether it failed, and the cache's summary.
    """
    import hashlib
    import tempfile

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    import render_cache  # the module the hooks use (this file may be running as __main__)

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    site_dir = site_dir or Path(tempfile.mkdtemp(prefix="render-cache-"))
    results: list[dict] = []
    cwd = os.getcwd()
    os.chdir(project)
    config = None
    try:
        for step in [None, *steps]:
            if step and step[0] == "edit":
                path = project / step[1]
                text = path.read_text(encoding="utf-8")
                if step[2] not in text:
                    raise SystemExit(f"render_cache: {step[1]} does not contain {step[2]!r}")
                path.write_text(text.replace(step[2], step[3], 1), encoding="utf-8")
            elif step and step[0] == "delete":
                (project / step[1]).unlink()
            config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site_dir))
            if not results:
                config.plugins.on_startup(command="serve", dirty=False)
            config.site_url = "http://127.0.0.1:8000/"
            messages = _Messages()
            logging.getLogger("mkdocs").addHandler(messages)
            try:
                build(config, serve_url="http://127.0.0.1:8000/")
                failed = False
            except Exception:  # noqa: BLE001 - serve reports a failed build and waits for the next save
                failed = True
            finally:
                logging.getLogger("mkdocs").removeHandler(messages)
            files = {p.relative_to(site_dir).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                     for p in sorted(site_dir.rglob("*")) if p.is_file()}
            results.append({"failed": failed, "messages": messages.messages, "files": files,
                            "summary": render_cache.CACHE.summary()})
    finally:
        if config is not None:
            config.plugins.on_shutdown()
        os.chdir(cwd)
    return results


class _Step(argparse.Action):
    def __call__(self, parser, namespace, values, option_string=None):
        namespace.steps.append((self.dest, *values))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path, nargs="?", default=ROOT)
    parser.add_argument("--edit", nargs=3, metavar=("FILE", "OLD", "NEW"), action=_Step,
                        help="after the first build, replace OLD by NEW in FILE and rebuild (repeatable)")
    parser.add_argument("--delete", nargs=1, metavar="FILE", action=_Step, help="delete FILE and rebuild")
    parser.add_argument("--json", type=Path, help="write every build's result here")
    parser.set_defaults(steps=[])
    args = parser.parse_args(argv)
    steps = args.steps or [("edit", "mkdocs.yml", "", "")]  # no edits: the same site built twice
    results = serve_builds(args.project.resolve(), steps)
    for k, result in enumerate(results):
        state = "FAILED" if result["failed"] else "ok"
        print(f"build {k}: {state}; {result['summary']}")
        for message in result["messages"]:
            print(f"    {message}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    if not args.steps:
        first, second = results[0]["files"], results[1]["files"]
        differ = sorted(k for k in first.keys() | second.keys() if first.get(k) != second.get(k))
        print("the two builds wrote identical files" if not differ else f"files that differ: {differ}")
        return 1 if differ else 0
    return 1 if results[-1]["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
