"""
The docs work offline, draw diagrams as images and find Chinese words in search.

Static checks (no Sphinx needed): the configuration draws diagrams with
Graphviz and searches in Chinese, no page has a Mermaid block, every Graphviz
block renders, the generated workflow sections are current, the search
dictionary holds the glossary's terms, and every example block in the docs
runs. Built-site checks: a small site (four pages, a few seconds) is built with
the real configuration, and every page is checked: nothing loaded from
http(s), every diagram an SVG image, and 走访, 网格员, 积分超市 and "ledger"
found on every page that shows them. The whole site is checked the same way
with ``-m slow`` (a full build takes minutes), or at once on a tree CI has
built: ``GRIDGOV_DOCS_HTML=docs/_build/html pytest tests/test_docs_offline.py
-m slow``.
"""

from __future__ import annotations

import ast
import contextlib
import importlib.util
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from _docs_tools import docs_tool
from gridgov.io.workflows import builtin_workflow_names

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
FENCE = re.compile(
    r"^(?P<fence>```+|~~~+)[ \t]*(?P<lang>\{?[\w-]*\}?)[^\n]*\n"
    r"(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
SEARCHED = ("走访", "网格员", "积分超市", "ledger")
"""Words the search must find on every page whose text shows them."""

SMALL_SITE = ("visits.md", "ledger.md", "glossary.md", "workflows/mediation.md")
"""The pages of the small site: Chinese and English prose, code, one diagram."""


def _pages() -> list[Path]:
    return sorted(p for p in DOCS.rglob("*.md") if "_build" not in p.parts)


def _page_id(path: Path) -> str:
    return path.relative_to(DOCS).as_posix()


def _blocks(path: Path, lang: str) -> list[tuple[int, str]]:
    """(line, body) of each fenced block of a language in a page."""
    text = path.read_text(encoding="utf-8")
    return [
        (text[: m.start()].count("\n") + 1, m.group("body"))
        for m in FENCE.finditer(text)
        if m.group("lang") == lang
    ]


def _require(found: bool, what: str, *, in_ci: bool = True) -> None:
    """
    Skip without *what*, or fail when CI says it is installed.

    CI installs graphviz before the tests (``in_ci``), but Sphinx and jieba
    come with the docs extra, after the README's test command: there the
    site tests skip, and CI checks its own built site with ``-m slow`` later.
    """
    if found:
        return
    if in_ci and os.environ.get("GRIDGOV_REQUIRE_EXTRAS") == "1":
        pytest.fail(f"{what} is not installed")
    pytest.skip(f"{what} is not installed")


def _dot() -> str:
    found = shutil.which("dot")
    _require(found is not None, "Graphviz's dot (apt-get install graphviz)")
    assert found is not None
    return found


# --- the configuration and the pages, read statically -------------------------


def _conf_values() -> dict[str, Any]:
    """The literal top-level assignments of docs/conf.py."""
    values: dict[str, Any] = {}
    tree = ast.parse((DOCS / "conf.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                try:
                    values[target.id] = ast.literal_eval(node.value)
                except ValueError:
                    values[target.id] = ast.unparse(node.value)
    return values


def test_the_configuration_draws_with_graphviz_and_searches_in_chinese() -> None:
    """Diagrams are SVG files drawn by dot at build time; search segments Chinese."""
    conf = _conf_values()
    assert "sphinx.ext.graphviz" in conf["extensions"]
    assert not [e for e in conf["extensions"] if "mermaid" in e]
    assert conf["graphviz_output_format"] == "svg"
    assert conf["html_search_language"] == "zh"
    conf_text = (DOCS / "conf.py").read_text(encoding="utf-8")
    assert 'app.connect("config-inited", _search_dictionary)' in conf_text
    for name in ("html_js_files", "html_css_files"):
        assert not re.search(r"https?://", str(conf.get(name, ""))), name


def test_the_docs_extra_installs_jieba_and_no_mermaid() -> None:
    """Without jieba Sphinx indexes no Chinese word at all."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    docs = project["project"]["optional-dependencies"]["docs"]
    assert any(re.match(r"jieba\b", d) for d in docs), docs
    assert not [d for d in docs if "mermaid" in d]


@pytest.mark.parametrize("path", _pages(), ids=_page_id)
def test_no_page_has_a_mermaid_block(path: Path) -> None:
    """A Mermaid block needs a script from a CDN to draw; use ```{graphviz}."""
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"^(```+|~~~+)[ \t]*\{?mermaid", text, re.MULTILINE)


def _graphviz_blocks() -> list[tuple[str, str]]:
    found = []
    for path in _pages():
        for line, body in _blocks(path, "{graphviz}"):
            code = "\n".join(
                row for row in body.splitlines() if not row.startswith(":")
            )
            found.append((f"{_page_id(path)}:{line}", code))
    return found


@pytest.mark.parametrize(
    ("where", "code"), [pytest.param(w, c, id=w) for w, c in _graphviz_blocks()]
)
def test_every_graphviz_block_renders(where: str, code: str) -> None:
    """dot draws each diagram without a complaint (a font, a syntax error …)."""
    done = subprocess.run(  # noqa: S603 - Graphviz's dot on a page's own block
        [_dot(), "-Tsvg"], input=code.encode("utf-8"), capture_output=True, check=False
    )
    assert done.returncode == 0, (where, done.stderr.decode("utf-8", "replace"))
    assert not done.stderr, (where, done.stderr.decode("utf-8", "replace"))
    assert b"<svg" in done.stdout


def test_every_workflow_page_has_a_diagram_block() -> None:
    """Each built-in workflow's page draws it with Graphviz."""
    drawn = {where.split(":")[0] for where, _ in _graphviz_blocks()}
    assert {f"workflows/{n}.md" for n in builtin_workflow_names()} <= drawn


@pytest.mark.parametrize("name", builtin_workflow_names())
def test_the_workflow_page_is_current(name: str) -> None:
    """The generated section (diagram, tables) equals a fresh rendering of the spec."""
    tool = docs_tool("make_workflow_pages")
    path = tool.page(name)
    assert path.exists(), "run: python docs/_tools/make_workflow_pages.py"
    text = path.read_text(encoding="utf-8")
    assert tool.current_section(text), f"{path} has no generated section"
    assert tool.render(name, text) == text, (
        f"{path} is stale: run python docs/_tools/make_workflow_pages.py"
    )


def test_the_search_dictionary_holds_the_glossary_terms() -> None:
    """The terms docs/conf.py hands to jieba come from the glossary, whole."""
    words = set(docs_tool("make_search_terms").render().split())
    assert {"走访", "网格员", "积分超市", "网格长", "十户长", "应访", "漏访"} <= words
    assert not [w for w in words if not 2 <= len(w) <= 7]


# --- every example in the docs runs -------------------------------------------

NOT_CODE: dict[tuple[str, str], str] = {}
"""Python blocks that are not code (page, how the block starts); each is a
mistake to fix in its page, and then to remove from here."""


def _not_code(page: str, body: str) -> bool:
    return any(page == p and body.startswith(s) for p, s in NOT_CODE)


def _python_blocks() -> list[tuple[str, int, str]]:
    return [
        (_page_id(path), line, body)
        for path in _pages()
        for line, body in _blocks(path, "python")
    ]


@pytest.mark.parametrize(
    ("page", "line", "body"),
    [
        pytest.param(*b, id=f"{b[0]}:{b[1]}")
        for b in _python_blocks()
        if ">>>" not in b[2]
    ],
)
def test_a_python_block_that_is_not_a_doctest_still_runs(
    page: str, line: int, body: str
) -> None:
    """Doctests run as pages; any other python block is run here (definitions)."""
    if _not_code(page, body):
        with pytest.raises(SyntaxError):
            compile(body, f"{page}:{line}", "exec")
        return
    exec(compile(body, f"{page}:{line}", "exec"), {"__name__": "docs_example"})  # noqa: S102 - our own docs


def test_the_known_non_code_blocks_are_still_there() -> None:
    """An entry of NOT_CODE whose page was fixed must be removed."""
    blocks = _python_blocks()
    for page, start in NOT_CODE:
        assert [b for p, _, b in blocks if p == page and b.startswith(start)], page


def _load_calendar(path: Path) -> object:
    from gridgov.io import load_calendar

    return load_calendar(path)


def _load_deadlines(path: Path) -> object:
    from gridgov.cases.deadlines import DeadlineTable
    from gridgov.io import load_spec

    return load_spec(path, DeadlineTable)


TOML_LOADERS = {"calendar.md": _load_calendar, "deadlines.md": _load_deadlines}
"""The spec loader for the TOML blocks of a page (elsewhere: parsed only)."""


@pytest.mark.parametrize(
    ("page", "line", "body"),
    [
        pytest.param(_page_id(p), n, b, id=f"{_page_id(p)}:{n}")
        for p in _pages()
        for n, b in _blocks(p, "toml")
    ],
)
def test_every_toml_block_loads(
    page: str, line: int, body: str, tmp_path: Path
) -> None:
    """A spec file shown in a page is valid TOML, and loads as its kind."""
    assert isinstance(tomllib.loads(body), dict), (page, line)
    load = TOML_LOADERS.get(page)
    if load is not None:
        spec = tmp_path / "shown.toml"
        spec.write_text(body, encoding="utf-8")
        assert load(spec) is not None


def _command_lines() -> list[tuple[str, list[str]]]:
    """Each ``gridgov …`` line of a page's console or text block, as argv."""
    found = []
    for path in _pages():
        text = path.read_text(encoding="utf-8")
        for m in FENCE.finditer(text):
            if m.group("lang") in ("python", "{eval-rst}"):
                continue
            for line in m.group("body").replace("\\\n", " ").splitlines():
                command = line.strip().removeprefix("$ ")
                if not command.startswith("gridgov "):
                    continue
                lexer = shlex.shlex(command, posix=True, punctuation_chars=True)
                lexer.whitespace_split = True
                words = list(lexer)
                # The command ends where the shell takes over (> file, | head).
                ends = [i for i, w in enumerate(words) if set(w) <= set("|&;<>()")]
                argv = words[1 : ends[0] if ends else len(words)]
                found.append((f"{_page_id(path)}: {command}", argv))
    return found


@pytest.mark.parametrize(
    "argv", [pytest.param(argv, id=where) for where, argv in _command_lines()]
)
def test_every_gridgov_command_line_in_the_docs_parses(argv: list[str]) -> None:
    """A command shown in a page names a real subcommand with real options."""
    from gridgov.cli import build_parser

    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = build_parser().parse_args(argv)
    except SystemExit as stopped:  # argparse's way of refusing (or --help)
        if stopped.code != 0:
            pytest.fail(f"gridgov {shlex.join(argv)}: {err.getvalue().strip()}")
        return
    # Parsed: it names a subcommand that runs (not a bare group like `gridgov case`).
    assert callable(getattr(args, "run", None)), f"gridgov {shlex.join(argv)}"


def test_every_page_with_examples_is_collected_as_a_doctest() -> None:
    """pytest runs every .md under docs/ (--doctest-glob=*.md); none is ignored."""
    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pytest_options = options["tool"]["pytest"]["ini_options"]
    assert "docs" in pytest_options["testpaths"]
    assert "--doctest-glob=*.md" in pytest_options["addopts"]
    ignored = [
        a.split("=", 1)[1]
        for a in pytest_options["addopts"]
        if a.startswith("--ignore")
    ]
    with_examples = [p for p in _pages() if ">>>" in p.read_text(encoding="utf-8")]
    for path in with_examples:
        rel = path.relative_to(ROOT).as_posix()
        assert not [g for g in ignored if rel.startswith(g.rstrip("*"))], rel


# --- the built site -------------------------------------------------------------


_NAVIGATION = ("next", "prev", "index", "search", "canonical")
"""A <link> of these kinds names a page; the browser does not load it."""


class _Page(HTMLParser):
    """What a page loads (script/link/img/object/iframe URLs, inline scripts)."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.inline: list[str] = []
        self.diagrams: list[str] = []
        self.mermaid: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        url = {
            "script": "src",
            "link": "href",
            "img": "src",
            "iframe": "src",
            "object": "data",
        }.get(tag)
        navigation = tag == "link" and a.get("rel") in _NAVIGATION
        if url and a.get(url) and not navigation:
            self.loads.append(a[url])
        if "mermaid" in a.get("class", "").split():
            self.mermaid.append(tag)
        if tag == "object" and "graphviz" in a.get("class", ""):
            self.diagrams.append(a.get("data", ""))
        if tag in ("script", "style"):
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self.inline.append(data)
            if "mermaid" in data:
                self.mermaid.append(self._in)


def _main_text(html: str) -> str:
    match = re.search(r'<article[^>]*role="main"[^>]*>(.*?)</article>', html, re.DOTALL)
    body = match.group(1) if match else ""
    return re.sub(r"<[^>]+>", "", body)


_REMOTE = re.compile(r"^(https?:)?//")
_REMOTE_IN_CODE = re.compile(r"""(from|import|url\()\s*['"(]?\s*(https?:)?//""")


def _check_site(html: Path) -> None:
    """Every page offline, every diagram an SVG image, Chinese found in search."""
    pages = sorted(html.rglob("*.html"))
    assert pages, f"no pages in {html}"
    for page in pages:
        where = page.relative_to(html).as_posix()
        parsed = _Page()
        parsed.feed(page.read_text(encoding="utf-8"))
        assert not [u for u in parsed.loads if _REMOTE.match(u)], where
        assert not [s for s in parsed.inline if _REMOTE_IN_CODE.search(s)], where
        assert not parsed.mermaid, where  # text a reader would see raw, offline
        for src in parsed.diagrams:
            image = (page.parent / src).resolve()
            assert image.suffix == ".svg", (where, src)
            assert "<svg" in image.read_text(encoding="utf-8"), (where, src)
    for asset in [*html.rglob("_static/**/*.css"), *html.rglob("_static/**/*.js")]:
        assert not _REMOTE_IN_CODE.search(asset.read_text(encoding="utf-8")), asset
    for name in builtin_workflow_names():
        page = html / "workflows" / f"{name}.html"
        if page.exists():
            parsed = _Page()
            parsed.feed(page.read_text(encoding="utf-8"))
            assert len(parsed.diagrams) == 1, page
    _check_search(html)


def _check_search(html: Path) -> None:
    text = (html / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    docnames: list[str] = index["docnames"]

    def found(word: str) -> set[str]:
        hits: set[str] = set()
        for table in ("terms", "titleterms"):
            entry = index[table].get(word, [])
            hits |= {
                docnames[i] for i in ([entry] if isinstance(entry, int) else entry)
            }
        return hits

    for word in SEARCHED:
        shown = {
            doc
            for doc in docnames
            if word.lower()
            in _main_text((html / f"{doc}.html").read_text(encoding="utf-8")).lower()
        }
        assert shown, f"no page shows {word}"
        missing = shown - found(word)
        assert not missing, f"search misses {word} on {sorted(missing)}"


def _build(source: Path, out: Path) -> None:
    """Build HTML with docs/conf.py in a fresh interpreter (Sphinx warns freely)."""
    for module in ("sphinx", "myst_parser", "furo", "jieba"):
        found = importlib.util.find_spec(module) is not None
        _require(found, f"{module} (the docs extra)", in_ci=False)
    _dot()
    done = subprocess.run(  # noqa: S603 - this interpreter running Sphinx
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-c", DOCS, source, out],
        capture_output=True,
        check=False,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")


def test_a_small_site_is_offline_with_images_and_chinese_search(
    tmp_path: Path,
) -> None:
    """Four real pages built with the real configuration pass every site check."""
    source = tmp_path / "src"
    for page in SMALL_SITE:
        (source / page).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(DOCS / page, source / page)
    toctree = "\n".join(p.removesuffix(".md") for p in SMALL_SITE)
    (source / "index.md").write_text(
        f"# gridgov\n\n```{{toctree}}\n{toctree}\n```\n", encoding="utf-8"
    )
    _build(source, tmp_path / "html")
    _check_site(tmp_path / "html")
    parsed = _Page()
    parsed.feed((tmp_path / "html/workflows/mediation.html").read_text("utf-8"))
    assert len(parsed.diagrams) == 1


@pytest.mark.slow
def test_the_whole_site(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """Every page of the real site (GRIDGOV_DOCS_HTML: an already built tree)."""
    built = os.environ.get("GRIDGOV_DOCS_HTML")
    markexpr = request.config.getoption("markexpr") or ""
    if "slow" not in markexpr or "not slow" in markexpr:
        pytest.skip("the whole site is built and checked only with -m slow")
    if built:
        html = Path(built)
    else:
        html = tmp_path / "html"
        _build(DOCS, html)
    _check_site(html)
