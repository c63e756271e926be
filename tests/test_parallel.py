"""The second core (``parallel.pages``): what the helper makes is what one process makes,
and whatever happens to the helper (slow, stopped, killed) the build gets every page at
once, made here, without waiting for it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from erfaringsbase.parallel import pages as parallel
from erfaringsbase.parallel.pages import Maker, usable
from support import REPO, site_files

needs_fork = pytest.mark.skipif(
    not hasattr(os, "fork") or len(os.sched_getaffinity(0)) < 2, reason="needs fork, two cores"
)


def plan_of(count: int) -> list[Callable[[], str]]:
    return [lambda i=i: f"side {i}: " + "x" * (i % 97) for i in range(count)]  # type: ignore[misc]


@pytest.mark.parametrize(
    ("count", "wanted", "expected"),
    [
        (parallel.MIN_PAGES - 1, True, False),  # too few pages
        (parallel.MIN_PAGES, False, False),  # `parallel: off`
    ],
)
def test_when_there_is_no_helper(count: int, wanted: bool, expected: bool) -> None:
    assert usable(count, wanted) is expected


def test_no_helper_while_threads_run() -> None:
    """A fork copies only the thread that forks: a lock another thread holds would stay
    held in the copy for ever (``mkdocs serve`` runs threads)."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not usable(10**6)
    finally:
        stop.set()
        thread.join()


def test_serial_gives_every_item_in_any_order() -> None:
    plan = plan_of(50)
    with Maker(plan, parallel=False) as maker:
        got = [maker.get(i) for i in reversed(range(50))]
    assert got == [make() for make in reversed(plan)]
    assert maker.from_helper == 0 and maker.made_here == 50


#: A fork copies only the thread that forks, so the helper is refused while other threads
#: run, and the test runner has some (the browser tests' web server): each scenario runs
#: in a fresh interpreter, as `mkdocs build` does.
PRELUDE = """
import json, os, signal, sys, time
from erfaringsbase.parallel import pages as parallel
from erfaringsbase.parallel.pages import Maker
from erfaringsbase.parallel.aside import Aside
parallel.MIN_PAGES = 100

def plan_of(count, cost=0.0):
    def make(i):
        if cost:
            time.sleep(cost)
        return f"side {i}: " + "x" * (i % 97)
    return [lambda i=i: make(i) for i in range(count)]
"""


def isolated(scenario: str) -> dict[str, object]:
    """Run ``scenario`` (which sets ``result``) in a fresh Python; its ``result``."""
    code = PRELUDE + scenario + "\nprint(json.dumps(result))\n"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    found: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return found


@needs_fork
def test_the_helper_gives_what_is_made_here() -> None:
    result = isolated(
        """
plan = plan_of(600)
expected = [make() for make in plan]
with Maker(plan) as maker:
    got = []
    for i in range(len(plan)):
        got.append(maker.get(i))
        time.sleep(0.001)  # MkDocs converts a page meanwhile
result = {"same": got == expected, "helper": maker.from_helper, "here": maker.made_here}
"""
    )
    assert result["same"] is True
    assert isinstance(result["helper"], int) and result["helper"] > 300, result
    assert result["helper"] + result["here"] == 600  # type: ignore[operator]


@needs_fork
def test_a_stopped_helper_does_not_hold_up_the_build() -> None:
    """SIGSTOP: the helper never answers. Every page is made here, at once."""
    result = isolated(
        """
plan = plan_of(400)
maker = Maker(plan)
pid = maker.helper
os.kill(pid, signal.SIGSTOP)
started = time.monotonic()
try:
    got = [maker.get(i) for i in range(len(plan))]
finally:
    maker.close()
try:
    os.kill(pid, 0)
    gone = False
except ProcessLookupError:
    gone = True  # killed and reaped
result = {
    "seconds": time.monotonic() - started,
    "same": got == [make() for make in plan],
    "gone": gone,
}
"""
    )
    assert result["same"] is True and result["gone"] is True
    assert isinstance(result["seconds"], float) and result["seconds"] < 5


@needs_fork
def test_a_helper_killed_halfway_is_made_up_for() -> None:
    result = isolated(
        """
plan = plan_of(800, cost=0.0002)
expected = [make() for make in plan]
maker = Maker(plan)
got = [maker.get(i) for i in range(200)]
os.kill(maker.helper, signal.SIGKILL)
got += [maker.get(i) for i in range(200, len(plan))]
maker.close()
result = {"same": got == expected}
"""
    )
    assert result["same"] is True


@needs_fork
def test_a_helper_that_fails_is_made_up_for() -> None:
    result = isolated(
        """
parent = os.getpid()

def broken(i):
    if os.getpid() != parent and i == 150:
        raise RuntimeError("in the helper only")
    return f"side {i}"

plan = [lambda i=i: broken(i) for i in range(400)]
with Maker(plan) as maker:
    got = []
    for i in range(len(plan)):
        got.append(maker.get(i))
        time.sleep(0.0005)
result = {"same": got == [f"side {i}" for i in range(400)]}
"""
    )
    assert result["same"] is True


@needs_fork
@pytest.mark.slow
def test_mkdocs_build_with_the_helper_is_the_same(tmp_path: Path) -> None:
    """The real plugin in a real build: pages from the helper give the same site, byte
    for byte, as pages made in one process."""
    result = isolated(
        f"""
import logging
from mkdocs.commands.build import build
from mkdocs.config import load_config
parallel.MIN_PAGES = 10
os.environ["SOURCE_DATE_EPOCH"] = "1767225600"
messages = []
handler = logging.Handler()
handler.emit = lambda record: messages.append(record.getMessage())
logging.getLogger("mkdocs.plugins.erfaringsbase").addHandler(handler)
logging.getLogger("mkdocs.plugins.erfaringsbase").setLevel(logging.INFO)
for name, on in (("one", False), ("two", True)):
    config = load_config({str(REPO / "mkdocs.yml")!r}, site_dir={str(tmp_path)!r} + "/" + name, strict=True)
    config.plugins["erfaringsbase"].config.parallel = on
    build(config)
result = {{
    "helped": [m for m in messages if "en annen prosess laget" in m],
    "indexed aside": [m for m in messages if "laget av en annen prosess" in m],
}}
"""
    )
    assert result["helped"], "no page came from the helper"
    assert len(result["indexed aside"]) == 1, result  # type: ignore[arg-type]
    one, two = site_files(tmp_path / "one"), site_files(tmp_path / "two")
    assert one.keys() == two.keys()
    assert [k for k in one if one[k] != two[k]] == []


# --- parallel.aside: work done meanwhile by a copy, or here when the copy fails ------------


def test_an_aside_without_a_second_process_does_the_work_when_asked() -> None:
    from erfaringsbase.parallel.aside import Aside

    calls: list[int] = []
    aside = Aside(lambda: calls.append(os.getpid()) or 42, items=10)  # below MIN_PAGES
    assert aside.helper is None and calls == []
    assert aside.result() == 42
    assert calls == [os.getpid()] and aside.done_aside is False


@needs_fork
def test_an_aside_is_done_by_the_copy_meanwhile() -> None:
    result = isolated(
        """
parent = os.getpid()
aside = Aside(lambda: {"pid": os.getpid(), "value": sum(range(10**6))}, items=1000)
started = aside.helper is not None
got = aside.result()
result = {"started": started, "by_copy": got["pid"] != parent, "value": got["value"],
          "aside": aside.done_aside}
"""
    )
    assert result == {"started": True, "by_copy": True, "value": sum(range(10**6)), "aside": True}


@needs_fork
@pytest.mark.parametrize(
    ("what", "to_the_copy"),
    [
        ("stopped", "os.kill(aside.helper, signal.SIGSTOP)"),
        ("killed", "os.kill(aside.helper, signal.SIGKILL)"),
        ("failing", "pass"),
    ],
)
def test_what_the_copy_does_not_deliver_is_done_here(what: str, to_the_copy: str) -> None:
    """The build never waits for a copy that will not answer: stopped (SIGSTOP), killed,
    or failing where this process would not, the work is done here, at once."""
    result = isolated(
        f"""
import subprocess
parent = os.getpid()

def work():
    if os.getpid() != parent:
        if {what!r} == "failing":
            raise RuntimeError("in the copy only")
        # What the copy starts (Pagefind) ends with it: a sleeper stands for it.
        with open("/tmp/aside-test-{what}-{{}}.pid".format(parent), "w") as out:
            out.write(str(subprocess.Popen(["sleep", "60"]).pid))
        time.sleep(60)
    return os.getpid()

aside = Aside(work, items=1000)
helper = aside.helper
time.sleep(0.5)
{to_the_copy}
started = time.monotonic()
got = aside.result()
seconds = time.monotonic() - started
def gone(pid):
    try:  # ended: no such process, or one waiting to be reaped (a zombie, "Z")
        with open(f"/proc/{{pid}}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True
try:
    with open("/tmp/aside-test-{what}-{{}}.pid".format(parent)) as f:
        sleeper = int(f.read())
    os.remove(f.name)
except FileNotFoundError:
    sleeper = None
time.sleep(0.2)
result = {{
    "here": got == parent,
    "seconds": seconds,
    "copy gone": gone(helper),
    "what it started gone": sleeper is None or gone(sleeper),
}}
"""
    )
    assert result["here"] is True and result["copy gone"] is True, result
    assert result["what it started gone"] is True, result
    assert isinstance(result["seconds"], float) and result["seconds"] < 5


# --- mkdocs.meanwhile: the site search begun in on_env, taken in on_post_build ------------


@needs_fork
@pytest.mark.parametrize(
    ("at_the_end", "pages", "by_the_copy"),
    [
        ("early", 12, True),  # the pages it was begun with: the copy's index is taken
        ("early + [doc(12)]", 13, False),  # a page converted after on_env: written again, whole
        ("early[1:]", 11, False),  # a page gone (a rebuild): written again too
    ],
)
def test_the_search_begun_early_is_taken_only_if_the_pages_are_the_same(
    tmp_path: Path, at_the_end: str, pages: int, by_the_copy: bool
) -> None:
    result = isolated(
        f"""
import logging
from erfaringsbase.mkdocs.meanwhile import SearchMadeMeanwhile
from erfaringsbase.search.documents import SearchDocument
from erfaringsbase.search.writer import SearchIndexer
parallel.MIN_PAGES = 10
messages = []
handler = logging.Handler()
handler.emit = lambda record: messages.append(record.getMessage())
logging.getLogger("mkdocs.plugins.erfaringsbase").addHandler(handler)
logging.getLogger("mkdocs.plugins.erfaringsbase").setLevel(logging.INFO)

def doc(i):
    return SearchDocument(f"side-{{i}}/", f"Side {{i}}", f"<p>Tjenesteplattform nummer {{i}}.</p>", "innhold")

early = [doc(i) for i in range(12)]
search = SearchMadeMeanwhile(SearchIndexer("nb"), (), serving=False, parallel=True)
search.begin(early, {str(tmp_path)!r})
search.end({at_the_end}, {str(tmp_path)!r})
with open({str(tmp_path / "pagefind" / "pagefind-entry.json")!r}) as f:
    entry = json.load(f)
result = {{"pages": entry["languages"]["nb"]["page_count"], "messages": messages}}
"""
    )
    assert result["pages"] == pages, result
    messages = result["messages"]
    assert isinstance(messages, list) and len(messages) == 1, messages
    message = str(messages[0])
    assert f"søkeindeksen har {pages} sider" in message
    assert ("laget av en annen prosess" in message) is by_the_copy


def test_a_file_copied_before_it_was_made_fails_the_build(tmp_path: Path) -> None:
    """``FilesMadeMeanwhile`` fills the files in ``on_env``; were a later MkDocs to copy
    them before, the build must fail rather than publish them empty."""
    from mkdocs.exceptions import PluginError
    from mkdocs.structure.files import File

    from erfaringsbase.mkdocs.meanwhile import FilesMadeMeanwhile
    from erfaringsbase.pages.page import Asset

    file = File("feed/alt.xml", None, str(tmp_path / "site"), use_directory_urls=True)
    file.content_bytes = b""  # listed empty in on_files
    made = FilesMadeMeanwhile(
        [(file, Asset.later("feed/alt.xml", lambda: b"<feed/>"))], items=1, parallel=False
    )
    made.place()
    assert file.content_bytes == b"<feed/>"
    file.copy_file()  # what MkDocs does after on_env
    made.check_written()
    Path(file.abs_dest_path).write_bytes(b"")  # as if copied before on_env
    with pytest.raises(PluginError, match=r"feed/alt\.xml ble kopiert før den var laget"):
        made.check_written()


@needs_fork
@pytest.mark.parametrize(
    ("program", "to_the_program", "by_the_copy"),
    [
        # The copy sends its result and becomes the program; the result waits for its end.
        ("sleep 0.5", "pass", True),
        # The program fails as the copy: the work and the program are done here instead.
        ("test -e {marker} || {{ touch {marker}; exit 3; }}", "pass", False),
        # The program is stopped as the copy: ended with its group, and done here.
        ("test -e {marker} || {{ touch {marker}; sleep 60; }}", "stop", False),
    ],
)
def test_a_copy_that_becomes_a_program_is_waited_for_or_made_up_for(
    tmp_path: Path, program: str, to_the_program: str, by_the_copy: bool
) -> None:
    """``Aside(then=…)``: the site search's copy becomes Pagefind."""
    command = program.format(marker=tmp_path / "tried-once")
    result = isolated(
        f"""
parent = os.getpid()
aside = Aside(lambda: os.getpid(), items=1000, then=lambda pid: ["sh", "-c", {command!r}])
helper = aside.helper
if {to_the_program!r} == "stop":
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # until the copy is the program
        with open(f"/proc/{{helper}}/cmdline", "rb") as f:
            if f.read().startswith(b"sh\\0"):
                break
        time.sleep(0.01)
    time.sleep(0.2)
    os.kill(helper, signal.SIGSTOP)
started = time.monotonic()
got = aside.result()
result = {{
    "by the copy": got == helper and aside.done_aside,
    "here": got == parent and not aside.done_aside,
    "seconds": time.monotonic() - started,
    "copy gone": not os.path.exists(f"/proc/{{helper}}") or open(f"/proc/{{helper}}/stat").read().rsplit(")", 1)[1].split()[0] == "Z",
}}
"""
    )
    assert result["by the copy"] is by_the_copy and result["here"] is not by_the_copy, result
    assert result["copy gone"] is True, result
    seconds = result["seconds"]
    assert isinstance(seconds, float) and seconds < 5, result
    if by_the_copy:
        assert seconds >= 0.4, result  # it waited for the program to end


def test_a_program_that_fails_here_too_is_an_error() -> None:
    from erfaringsbase.parallel.aside import Aside

    aside = Aside(lambda: 1, items=1, then=lambda _: ["sh", "-c", "echo nei; exit 3"])
    with pytest.raises(subprocess.CalledProcessError) as failed:
        aside.result()
    assert failed.value.returncode == 3 and failed.value.output == "nei\n"
