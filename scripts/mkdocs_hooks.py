"""MkDocs hooks: run the site's own checks and generators inside every build and serve.

Everything here calls the standalone programs in scripts/ (each runs without MkDocs too):

* on_pre_build  -- page_contract.py, check_examples.py, notation.py, cheat_sheet.py and glossary.py;
                   any problem fails the build (the checker keeps pages that passed in
                   .cache/build: build_cache.py);
                   make_figures.py draws stale figures;
* on_files      -- serves the figures and the math stylesheet from the site itself; runs each
                   notebook (notebooks.py, cached by content) and hands the executed .ipynb to
                   mkdocs-jupyter, with its figures and download as files of their own;
* on_page_content -- trims a notebook's page to the site's own HTML (notebook_page.py);
* on_config     -- gives each interview question its id on its page (question_bank.py);
* on_page_markdown -- fills the home page's reading order and topic index from the pages'
                   front matter, the question bank from their interview questions
                   (question_bank.py) and the cheat sheet from the formulas the pages mark
                   (cheat_sheet.py), shows under each checked block which snippet checks it, and
                   ends every topic page with its provenance line (provenance.py);
* on_post_page  -- renders math as MathML with Temml (math_render.py), links each glossary term's first
                   use on a topic page to its definition, shown as a tooltip (glossary.py), and lints
                   the HTML (html_lint.py);
* on_post_build -- fails when a glossary term is used on no topic page (glossary.py) or a
                   notebook links to a section a page does not have, writes the
                   math font, cut down to the characters the pages use, and removes TeX from the
                   search index (search_index.py).

Under ``mkdocs serve`` (one process, every save rebuilds the whole site) unchanged pages are not
converted from Markdown again nor re-read for search (render_cache.py), and the math renderer
stays up between rebuilds with what it has rendered; it is closed when serve stops.
"""
from __future__ import annotations

import functools
import json
import logging
import os
import re
import sys
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

SCRIPTS = Path(__file__).resolve().parent
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

import build_offline  # noqa: E402
import cheat_sheet  # noqa: E402
import check_examples  # noqa: E402
import glossary  # noqa: E402
import html_lint  # noqa: E402
import math_render  # noqa: E402
import make_figures  # noqa: E402
import notation  # noqa: E402
import notebook_page  # noqa: E402
import notebooks  # noqa: E402
import page_contract  # noqa: E402
import print_course  # noqa: E402
import provenance  # noqa: E402
import question_bank  # noqa: E402
import render_cache  # noqa: E402
import search_index  # noqa: E402

log = logging.getLogger("mkdocs.hooks.checked")
_state: dict = {"renderer": None, "figures": {}, "topics": [], "math_chars": set(), "serving": False}
MATH_SCROLL_JS = "javascripts/math-scroll.js"
CODE_NAV_JS = "javascripts/code-nav-labels.js"
REPORT_JS = "javascripts/report-link.js"
BANK_JS = "javascripts/question-bank.js"
GLOSSARY_JS = "javascripts/glossary-tips.js"
PRINT_JS = "javascripts/print.js"
COURSE_JS = "javascripts/course-page.js"
IFRAME_WORKER = "assets/javascripts/iframe-worker-shim.js"
ROOT = SCRIPTS.parent


def _root(config) -> Path:
    return Path(os.path.abspath(config.config_file_path)).parent


def _offline(config) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


def on_startup(command, **kwargs):
    _state["serving"] = command == "serve"


def on_config(config, **kwargs):
    """Offline copy: serve the search worker's polyfill from the site, not from a CDN."""
    if _offline(config):
        polyfills = [p for p in config.extra.get("polyfills", []) if "iframe-worker" not in str(p)]
        config.extra["polyfills"] = polyfills + [IFRAME_WORKER]
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None:  # its conversions cached in this project's .cache, wherever mkdocs runs from
        jupyter.config["cache_dir"] = str(_root(config) / ".cache" / "mkdocs-jupyter")
    if "question_bank" not in config.markdown_extensions:  # each interview question's id, on its page
        config.markdown_extensions.append("question_bank")
    return config


def on_pre_build(config, **kwargs):
    root = _root(config)
    docs = Path(config.docs_dir)
    contract = page_contract.check(docs, root)
    report = check_examples.check(docs, root, cache=root / ".cache" / "build")
    symbols, _state["symbols"] = notation.check(docs, root)
    _state["cheat"] = cheat_sheet.check(docs, root)
    terms = _state["glossary"] = glossary.check(docs)
    _state["glossary_used"] = set()
    problems = (contract.problems + report.problems + symbols.problems + _state["cheat"].problems
                + terms.problems)
    if problems:
        raise PluginError("the site's checks failed:\n" + "\n".join(problems))
    log.info(report.summary())
    log.info(symbols.summary())
    log.info(_state["cheat"].summary())
    log.info(terms.summary())
    _state["checked"] = report.by_page
    _state["bank"] = contract.bank
    _state["build"] = provenance.build_facts(root)
    log.info(f"page_contract: {contract.topic_pages} topic pages, {contract.questions} interview "
             f"questions, {contract.exempt_pages} exempt pages")
    try:
        _state["figures"] = make_figures.build(log=log.info)
    except make_figures.FigureError as exc:
        raise PluginError(f"make_figures: {exc}") from None
    if _state["serving"]:
        render_cache.CACHE.wrap_search(config)


def notebook_files(files, config) -> None:
    """Each notebook, executed (or from the cache), as a page for mkdocs-jupyter, its figures as
    files of their own and the .ipynb to download."""
    _state["notebooks"] = {}
    for source in notebooks.sources():
        label = f"notebooks/{source.name}"
        try:
            executed = notebooks.executed(source)
        except notebooks.NotebookError as exc:
            raise PluginError(str(exc)) from None
        nb = notebooks.read_executed(executed)
        figs, problems = notebook_page.figures(nb, source, label)
        if problems:
            raise PluginError("a notebook's figures have problems:\n" + "\n".join(problems))
        uri = f"notebooks/{source.stem}.ipynb"
        # A file of its own under its page's name (mkdocs-jupyter cannot take a generated File).
        published = notebooks.PUBLISHED / uri
        if not published.is_file() or published.read_bytes() != executed.read_bytes():
            published.parent.mkdir(parents=True, exist_ok=True)
            published.write_bytes(executed.read_bytes())
        files.append(File(uri, src_dir=str(notebooks.PUBLISHED), dest_dir=config.site_dir,
                          use_directory_urls=config.use_directory_urls))
        fig_uris = []
        for fig in figs:
            fig_uris.append(f"notebooks/{source.stem}/{fig.name}")
            if files.get_file_from_path(fig_uris[-1]) is None:  # one figure drawn twice: one file
                files.append(File.generated(config, fig_uris[-1], content=fig.data))
        download = f"{notebooks.DOWNLOADS}/{source.stem}.ipynb"
        files.append(File.generated(config, download, content=executed.read_bytes()))
        _state["notebooks"][uri] = {"source": source, "label": label, "figures": list(zip(fig_uris, figs)),
                                    "download": download}


@event_priority(50)  # before mkdocs-jupyter's: it takes the notebooks this adds
def on_files(files, config, **kwargs):
    notebook_files(files, config)
    gloss = files.get_file_from_path(glossary.GLOSSARY)
    _state["glossary_url"] = gloss.url if gloss else None  # glossary/ or, offline, glossary.html
    for name, path in _state["figures"].items():
        files.append(File.generated(config, f"figures/{name}", abs_src_path=str(path)))
    try:
        css = math_render.stylesheet()
    except math_render.TexError as exc:
        raise PluginError(str(exc)) from None
    files.append(File.generated(config, math_render.STYLESHEET, content=css))
    files.append(File.generated(config, math_render.LICENCE_FILE, abs_src_path=str(math_render.FONT_LICENCE)))
    if _offline(config):
        shim = ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js"
        if not shim.is_file():
            raise PluginError("node_modules/iframe-worker is missing: run `npm ci` (or `make setup`)")
        files.append(File.generated(config, IFRAME_WORKER, abs_src_path=str(shim)))
    else:
        _state["zip"] = build_offline.DEFAULT_ZIP if build_offline.DEFAULT_ZIP.is_file() else None
        if _state["zip"]:
            files.append(File.generated(config, f"downloads/{build_offline.ZIP_NAME}",
                                        abs_src_path=str(_state["zip"])))
    return files


def on_nav(nav, config, files, **kwargs):
    """Remember the topic pages in reading order, grouped by nav section, for the home page."""
    topics = []

    def walk(items, section):
        for item in items:
            if item.is_section:
                walk(item.children, item.title)
            elif item.is_page and item.file.src_path.endswith(".md"):
                page = page_contract.read_page(Path(item.file.abs_src_path))
                if not page.exempt:
                    topics.append((section, item.file.src_uri, page.meta))

    walk(nav.items, None)
    _state["topics"] = topics
    return nav


def on_env(env, config, files, **kwargs):
    if _state["serving"]:
        render_cache.CACHE.share_templates(env)
    return env


def topic_index(from_uri: str) -> str:
    rows = ["| # | Topic | Core formula | Key idea |", "|---|---|---|---|"]
    for k, (_, uri, meta) in enumerate(_state["topics"], start=1):
        formula = str(meta["core_formula"]).replace("|", r"\vert ")
        link = get_relative_url(uri, from_uri)
        rows.append(f"| <span class=\"nocheck\">{k}</span> | [{meta['title']}]({link}) | "
                    f"${formula}$ | {meta['key_idea']} |")
    return "\n".join(rows)


def topic_parts() -> list[tuple[str, list]]:
    """The topic pages by nav section (part), in reading order: [(section, [(uri, meta)])]."""
    parts: list[tuple[str, list]] = []
    for section, uri, meta in _state["topics"]:
        if not parts or parts[-1][0] != section:
            parts.append((section, []))
        parts[-1][1].append((uri, meta))
    return parts


def reading_order(from_uri: str) -> str:
    out = ['<div class="reading-order" markdown>']
    for section, pages in topic_parts():
        out.append('<div class="reading-order__part" markdown>')
        out.append(f'<p class="reading-order__title">{section or "Topics"}</p>\n')
        out += [f"1. [{meta['title']}]({get_relative_url(uri, from_uri)})" for uri, meta in pages]
        out.append("\n</div>")
    out.append("</div>")
    return "\n".join(out)


def bank(from_uri: str) -> str:
    """The question bank: every topic page's interview questions, by part and page."""
    parts = [(section, [(uri, meta["title"]) for uri, meta in pages]) for section, pages in topic_parts()]
    try:
        return question_bank.markdown(parts, _state.get("bank", []), lambda uri: get_relative_url(uri, from_uri))
    except question_bank.BankError as exc:
        raise PluginError(str(exc)) from None


def offline_download(from_uri: str) -> str:
    """The home page's download link, when the zip has been built (make build / make offline)."""
    zip_path = _state.get("zip")
    if not zip_path:
        log.info("offline zip not built yet: the home page has no download link (run `make offline`)")
        return ""
    size = zip_path.stat().st_size / 2**20
    href = get_relative_url(f"downloads/{build_offline.ZIP_NAME}", from_uri)
    return (f'!!! tip "Read it offline"\n\n    <a href="{href}" download>Download the whole site</a> '
            f"as a zip ({size:.1f} MiB), unpack it, and open `index.html` in your browser: every page, "
            f"formula, figure and the search work without a network.\n")


def on_page_markdown(markdown, page, config, files, **kwargs):
    uri = page.file.src_uri
    if "<!-- topic-index -->" in markdown:
        markdown = markdown.replace("<!-- topic-index -->", topic_index(uri))
    if "<!-- offline-download -->" in markdown:
        markdown = markdown.replace("<!-- offline-download -->", offline_download(uri))
    if "<!-- reading-order -->" in markdown:
        markdown = markdown.replace("<!-- reading-order -->", reading_order(uri))
    if question_bank.PLACEHOLDER in markdown:
        markdown = markdown.replace(question_bank.PLACEHOLDER, bank(uri))
    if cheat_sheet.PLACEHOLDER in markdown:
        markdown = markdown.replace(cheat_sheet.PLACEHOLDER, cheat_sheet.markdown(
            _state["cheat"], _state.get("symbols") or notation.Site(), _titles(), _page_link(uri)))
    markdown = cheat_sheet.strip_markers(markdown)

    if uri == glossary.GLOSSARY:
        markdown = glossary.mark_terms(markdown)
    markdown = checked_by_captions(markdown, page.file.src_uri)
    markdown = symbol_tables(markdown, uri)
    if page.meta.get("contract") != "exempt":
        rel = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
        numbers, snippets = _state.get("checked", {}).get(rel, (0, []))
        facts = _state.get("build") or provenance.build_facts(_root(config))
        links = provenance.links(config.repo_url, rel, snippets, page.meta.get("title", ""), facts)
        page.meta.update(links)  # the TOC sidebar's report and edit links (overrides/partials/toc.html)
        markdown += "\n\n" + provenance.line(numbers, snippets, facts, links)
    if _state["serving"]:
        render_cache.CACHE.attach(page, config, files)
    return markdown


CAPTION_SUBJECT = {"example": "Every number in this example", "mistake": "Every number in this box",
                   "exercise": "Every number in this exercise and its answer", "block": "Every number here"}


@functools.lru_cache(maxsize=256)  # a function of its arguments: serve rebuilds do not redo it
def checked_by_captions(markdown: str, src_uri: str) -> str:
    """Under the marker of each checked block, say which snippet function computes its numbers.

    A region marker (at the left margin, checking the prose that follows) is removed.
    """
    blocks, _, regions, _, _ = check_examples.find_blocks(Path(src_uri), markdown, src_uri)
    kinds = {b.marker_line: b.kind for b in blocks if b.marker}
    lines = markdown.split("\n")
    for lineno, _ in regions:
        lines[lineno - 1] = ""
    for lineno, kind in kinds.items():
        m = check_examples.MARKER.match(lines[lineno - 1])
        indent = lines[lineno - 1][:len(lines[lineno - 1]) - len(lines[lineno - 1].lstrip())]
        lines[lineno - 1] = (
            f'{indent}<span class="checked-by">{CAPTION_SUBJECT[kind]} is computed by '
            f'<code>{m.group("file")}</code> → <code>{m.group("func")}()</code> and checked when the '
            f'site is built.</span>')
    return "\n".join(lines)


def _titles() -> dict[str, str]:
    """docs/<page>.md -> its title, for every topic page."""
    return {f"docs/{u}": meta["title"] for _, u, meta in _state["topics"]}


def _page_link(uri: str):
    """From the page `uri`, the link to docs/<page>.md."""
    return lambda rel: get_relative_url(rel.removeprefix("docs/"), uri)


def symbol_tables(markdown: str, uri: str) -> str:
    """Render <!-- symbols: … --> directives and the Notation page's <!-- notation --> from the pages' symbols."""
    site = _state.get("symbols") or notation.Site()
    titles = _titles()
    link = _page_link(uri)
    notation_page = get_relative_url("notation.md", uri)

    def directive(m: re.Match) -> str:  # keeps the directive's indent: it may sit inside a box
        items = [notation.normalise(x) for x in m.group("items").split("|") if x.strip()]
        text = (notation.table(items, site, f"docs/{uri}", titles, link) +
                f"\n\nEvery symbol of the site and what it means: [Notation]({notation_page}).\n")
        return "\n".join(m.group("indent") + line if line else line for line in text.split("\n"))

    markdown = re.sub(r"^(?P<indent>[ \t]*)<!--\s*symbols:\s*(?P<items>.*?)\s*-->[ \t]*$", directive, markdown,
                      flags=re.M)
    if "<!-- notation -->" in markdown:
        rows = ["| symbol | meaning | introduced on |", "|---|---|---|"]
        for tex, (meaning, rel) in site.items():
            rows.append(f"| ${tex}$ | {meaning} | [{titles.get(rel, rel)}]({link(rel)}) |")
        within = notation.part_table(site, titles, link)
        if within:
            rows += ["", "## Meanings within one part", "",
                     "A field with a notation of its own keeps it: these symbols take the meaning below from "
                     "the page that introduces it to the end of its part, and keep the meaning above "
                     "everywhere else. Each page's symbol table says which one it uses.", "", within]
        markdown = markdown.replace("<!-- notation -->", "\n".join(rows))
    return markdown


QUESTION_SUMMARY = re.compile(r'(<details class="question (?P<kind>[\w-]+) (?P<level>[\w-]+)"[^>]*>\s*'
                              r'<summary(?: id="[^"]*")?>)(?P<title>.*?)(</summary>)', re.S)


def question_tags(html: str) -> str:
    """Show each interview question's type and difficulty beside its title."""
    return QUESTION_SUMMARY.sub(
        lambda m: (f'{m.group(1)}{m.group("title")} <span class="question-tags">{m.group("kind")} · '
                   f'{m.group("level")}</span>{m.group(5)}'), html)


def on_page_content(html, page, config, files, **kwargs):
    """A notebook's page: mkdocs-jupyter's HTML trimmed to the site's own (notebook_page.py)."""
    info = _state.get("notebooks", {}).get(page.file.src_uri)
    if info is None:
        return html
    page.meta["contract"] = "exempt"  # not a topic page: no glossary links, not in the course page
    here = page.url or "."

    def page_link(uri: str, anchor: str) -> str | None:
        target = files.get_file_from_path(uri)
        if target is None or not target.is_documentation_page():
            return None
        if anchor:
            _state.setdefault("notebook_anchors", []).append(
                (info["label"], info["source"], uri, target.abs_dest_path, anchor))
        return get_relative_url(target.url, here)

    figs = [(get_relative_url(uri, here), fig) for uri, fig in info["figures"]]
    source_text = info["source"].read_text(encoding="utf-8")
    html, problems = notebook_page.rewrite(html, figs, page_link, info["label"], source_text)
    if problems:
        raise PluginError("a notebook's page has problems:\n" + "\n".join(problems))
    download = get_relative_url(info["download"], here)
    box = notebook_page.download_box(page.title, download, Path(info["download"]).name, info["label"])
    end = html.find("</h1>")
    return html[:end + 5] + box + html[end + 5:] if end >= 0 else box + html


def notebook_anchors() -> list[str]:
    """Links from notebooks to a section of a page: the section must exist in the built page."""
    problems = []
    for label, source, uri, dest, anchor in _state.pop("notebook_anchors", []):
        try:
            built = Path(dest).read_text(encoding="utf-8")
        except OSError:
            continue  # a --dirty build did not write it: nothing to check against
        if f'id="{anchor}"' not in built:
            line = notebook_page.line_in(source.read_text(encoding="utf-8"), f"../docs/{uri}#{anchor}")
            problems.append(f"{label}:{line}: a markdown cell links to docs/{uri}#{anchor}, but that page "
                            f"has no section with the anchor '{anchor}': use one of its headings' anchors")
    return problems


def on_pre_page(page, config, files, **kwargs):
    _state.setdefault("page_started", {})[page.file.src_uri] = time.perf_counter()
    return page


def _line_of(page, needle: str) -> int:
    try:
        text = Path(page.file.abs_src_path).read_text(encoding="utf-8")
    except OSError:
        return 1
    return notebook_page.line_in(text, needle.strip()[:40])


SVG_SIZE = re.compile(r'<svg[^>]*?\bwidth="([\d.]+)pt" height="([\d.]+)pt"')


def _lazy_figures(html: str) -> str:
    """Figures load lazily, with their size reserved so nothing shifts when they arrive.

    Only the variant of the reader's colour scheme is fetched (the other is display:none), and
    only when it comes near the screen. Width and height come from the SVG (points -> pixels).
    """
    def add(m: re.Match) -> str:
        tag = m.group(0)
        if "loading=" in tag:
            return tag
        extra = 'loading="lazy" decoding="async"'
        src = re.search(r'src="[^"]*figures/([\w-]+\.svg)', tag)
        path = _state["figures"].get(src.group(1)) if src else None
        if path is not None and "width=" not in tag:
            size = SVG_SIZE.search(path.read_text(encoding="utf-8")[:2000])
            if size:
                w, h = (round(float(v) * 4 / 3) for v in size.groups())
                extra += f' width="{w}" height="{h}"'
        return tag.replace("<img ", f"<img {extra} ", 1)

    return re.sub(r"<img\b[^>]*>", add, html)


def page_assets(output: str, url: str) -> str:
    """The stylesheets and scripts a built page needs, by what it holds (each added once)."""
    if "<math" in output and math_render.STYLESHEET not in output:  # the math stylesheet and font only where there is math
        css = get_relative_url(math_render.STYLESHEET, url)
        font = get_relative_url(math_render.FONT_FILE, url)
        output = output.replace("</head>", f'<link rel="preload" href="{font}" as="font" type="font/woff2" '
                                f'crossorigin>\n<link rel="stylesheet" href="{css}">\n</head>', 1)
    scripts = [(MATH_SCROLL_JS, 'class="math-display"'),  # a wide formula scrolls by keyboard too
               (CODE_NAV_JS, '<div class="highlight">'),  # the code-tools labels only where there is code
               (REPORT_JS, 'class="report-link"'),  # the report link names the section being read
               (GLOSSARY_JS, 'class="gloss__term"'),  # Escape hides a glossary term's definition
               (BANK_JS, 'class="question-bank"'),  # the question bank's filter
               (COURSE_JS, 'class="print-course__page"'),  # a jump into the course page lands where it should
               (PRINT_JS, "")]  # every page: answers open, figures loaded, light scheme on paper
    for js, needed in scripts:
        if needed in output and js not in output:
            src_js = get_relative_url(js, url)
            output = output.replace("</body>", f'<script src="{src_js}" defer></script>\n</body>', 1)
    return output


def print_page(config) -> None:
    """Fill the course page (docs/print.md) with every topic page's article, in reading order."""
    if "print_page" not in _state:
        return
    url, dest = _state.pop("print_page")
    built = _state.get("articles", {})
    missing = [uri for _, uri, _ in _state["topics"] if uri not in built]
    if missing:
        raise PluginError(f"docs/{print_course.SOURCE}: the topic pages {missing} were not built: "
                          f"the course page needs every one (a --dirty build cannot make it)")
    articles = [print_course.Article(uri, built[uri][0], section, meta["title"], built[uri][1])
                for section, uri, meta in _state["topics"]]
    src = f"{Path(config.docs_dir).name}/{print_course.SOURCE}"
    try:
        html = print_course.fill(Path(dest).read_text(encoding="utf-8"), articles, url, src)
    except print_course.PrintError as exc:
        raise PluginError(str(exc)) from None
    html = page_assets(html, url)
    # Not linted again (1.6 s a build): each article passed html_lint as its own page, the
    # course page's own part in on_post_page; what joining them can break is checked here.
    problems = print_course.check(html, [a.slug for a in articles], src)
    if problems:
        raise PluginError(f"{src}: the course page has problems:\n" + "\n".join(problems))
    Path(dest).write_text(html, encoding="utf-8")


def on_post_page(output, page, config, **kwargs):
    src = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
    if _state["renderer"] is None:
        _state["renderer"] = math_render.MathRenderer()
    try:
        output, count = math_render.render_page(output, _state["renderer"])
    except math_render.TexError as exc:
        line = _line_of(page, exc.tex) if exc.tex else 1
        raise PluginError(f"{src}:{line}: Temml cannot render this page's math: {exc}") from None
    if count:  # the math stylesheet and font only where there is math
        _state["math_chars"] |= math_render.math_characters(output)
    output = _lazy_figures(output)
    output = question_tags(output)
    if page.meta.get("contract") != "exempt" and _state.get("glossary_url"):  # after search has read the page
        href = get_relative_url(_state["glossary_url"], page.url or ".")
        output = glossary.link_terms(output, _state["glossary"], href, _state["glossary_used"])
    licence = get_relative_url("licence/", page.url or ".")  # the footer's links, from any page
    output = output.replace('<a href="licence/">', f'<a href="{licence}">')
    output = page_assets(output, page.url or ".")
    problems = html_lint.lint_page(src, output)
    if problems:
        raise PluginError(f"{src}: the built HTML has problems:\n" + "\n".join(problems))
    if page.meta.get("contract") != "exempt":  # for the course page (on_post_build)
        _state.setdefault("articles", {})[page.file.src_uri] = (page.url, print_course.article_of(output, src))
    elif page.file.src_uri == print_course.SOURCE:
        _state["print_page"] = (page.url, page.file.abs_dest_path)
    started = _state.get("page_started", {}).get(page.file.src_uri)
    if started is not None:
        _state.setdefault("page_seconds", {})[page.file.src_uri] = time.perf_counter() - started
    return output


def _end_build(**kwargs):
    timings = os.environ.get("BENCH_TIMINGS")  # scripts/bench.py asks for per-page build times
    if timings and _state.get("page_seconds"):
        Path(timings).write_text(json.dumps(_state["page_seconds"], indent=1))
    if not _state["serving"]:  # serve: the renderer and what it has rendered last until shutdown
        on_shutdown()


def on_post_build(config, **kwargs):
    """After Material has written the search index (and before the offline plugin inlines it)."""
    if _state.get("glossary") and _state.get("glossary_used") is not None:
        unused = glossary.unused(_state["glossary"], _state["glossary_used"])
        if unused:
            raise PluginError("the glossary's checks failed:\n" + "\n".join(unused))
    if _state["math_chars"]:
        try:
            math_render.write_fonts(_state["math_chars"], Path(config.site_dir))
        except math_render.TexError as exc:
            raise PluginError(str(exc)) from None
        _state["math_chars"] = set()
    print_page(config)
    broken = notebook_anchors()
    if broken:
        raise PluginError("the notebooks' links have problems:\n" + "\n".join(broken))
    index = Path(config.site_dir) / "search" / "search_index.json"
    if index.is_file():
        removed = search_index.rewrite(index)
        log.info(f"search_index: removed {removed} characters of TeX from the search index")
    if _state["serving"]:
        log.info(render_cache.CACHE.summary())
    _end_build()


def on_shutdown(**kwargs):
    if _state["renderer"] is not None:
        _state["renderer"].close()
        _state["renderer"] = None


on_build_error = _end_build
