"""Read content files: bytes → text → front matter → plain data with a line for every key.

PyYAML's own constructor would lose line numbers, turn ``2017-02-30`` into a ``ValueError``,
silently keep the last of two equal keys and expand alias bombs. So libyaml only *composes*
the node tree (fast, in C) and one walk over the tree here builds the data while it

* records the line of every key and list item (``("organisations", 1, "role")`` → 14),
* keeps dates and timestamps as the strings the contributor wrote (the schema checks them),
* remembers the raw text of plain scalars that YAML 1.1 turns into non-strings (``NO`` →
  ``false``, ``10:00`` → ``600``), so a type error can say what happened,
* refuses anchors/aliases and explicit tags, which contributors never need, and which are
  how a YAML file is made to explode or to construct objects.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import yaml
from frontmatter.default_handlers import YAMLHandler

from .folders import LINK_OUT, leads_outside, scan_content_folder
from .problems import Problem
from .tabs import TabLines, readings, tab_lines, tab_problems

#: A content file larger than this is refused before it is parsed.
MAX_FILE_BYTES: Final = 1_000_000
#: Deeper nesting than this is refused: no field of ours nests more than four levels.
MAX_DEPTH: Final = 32
#: Field names are short words (``title``, ``themes``); a longer key is refused.
MAX_KEY_CHARS: Final = 100
#: A plain number written with more characters than this is refused (Python will not
#: even turn a 4300-digit string into an int, and no field of ours needs one).
MAX_NUMBER_CHARS: Final = 100
#: libyaml composes nodes recursively in C and crashes the process (a segmentation fault,
#: no message) somewhere past 20 000 levels of ``[[[…`` or ``- - - …``; pure-Python PyYAML
#: raises RecursionError past some 450. A text with no more characters that can open a
#: collection than this cannot nest that deep; one with more (a taxonomy file, say) is
#: first walked event by event (flat, no recursion) and refused past ``MAX_DEPTH``.
_SAFE_OPENERS: Final = 200

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc]
    """PyYAML's safe loader without the walk for path resolvers: the composer calls two
    methods on every node to track its path, for resolvers that tag a node by where it
    stands. None is registered (checked below), so each call did nothing, 700,000 times at
    10,000 files: an eighth of composing them."""

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


if _Loader.yaml_path_resolvers:  # one added would be hidden by the two methods above
    raise ImportError("erfaringsbase: YAML path resolvers are in use")
_CONSTRUCTOR: Final = yaml.constructor.SafeConstructor()
_BOUNDARY: Final = YAMLHandler.FM_BOUNDARY  # python-frontmatter's `^-{3,}\s*$`

_T = "tag:yaml.org,2002:"
_PLAIN_TAGS: Final = {
    _T + "str",
    _T + "int",
    _T + "float",
    _T + "bool",
    _T + "null",
    _T + "timestamp",
}

FieldPath = tuple[str | int, ...]


def format_path(path: FieldPath) -> str:
    """``("organisations", 1, "role")`` → ``organisations[1].role``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


@dataclass(slots=True)
class LineMap:
    """Where each field of a document is, and what YAML made of its plain scalars."""

    first_line: int = 1
    lines: dict[FieldPath, int] = field(default_factory=dict)
    raw: dict[FieldPath, str] = field(default_factory=dict)

    def line(self, path: FieldPath) -> int:
        """Line of ``path``, or of its nearest ancestor that has one."""
        while path:
            found = self.lines.get(path)
            if found is not None:
                return found
            path = path[:-1]
        return self.first_line


@dataclass(frozen=True, slots=True)
class SourceDoc:
    """One content file after reading: its data, body and where everything is."""

    path: str  # as shown in messages, relative to the content root, with '/'
    abs_path: Path
    data: dict[str, Any] | None
    lines: LineMap
    body: str = ""
    body_line: int = 1
    #: The front matter as written, for quick looks before walking the data.
    front: str = ""

    def may_contain(self, text: str) -> bool:
        """Could a field value contain ``text``? Not if the front matter does not, unless a
        backslash escape (``"\\u003c"``) could have made it."""
        return not self.front or text in self.front or "\\" in self.front


class _Refused(Exception):
    def __init__(self, line: int, field: str | None, message: str) -> None:
        super().__init__(message)
        self.line, self.field, self.message = line, field, message


# libyaml and pure-Python PyYAML word their errors slightly differently: match on parts.
_YAML_HINTS: Final = (
    (
        "mapping values are not allowed",
        "Et kolon (:) inne i en verdi må stå i anførselstegn, "
        'for eksempel title: "Altinn: felles portal".',
    ),
    (
        "cannot start any token",
        "Begynner verdien med @ eller `, sett den i anførselstegn.",
    ),
    (
        "could not find expected ':'",
        "En linje mangler kolon etter feltnavnet, eller innrykket stemmer ikke med linjene rundt.",
    ),
    ("did not find expected key", "Innrykket stemmer ikke med linjene rundt."),
    ("did not find expected '-'", "Et listepunkt har feil innrykk."),
    ("did not find expected ','", "En liste i [klammer] eller {krøllparenteser} er ikke lukket."),
    ("unexpected end of stream", "En tekst i anførselstegn er ikke avsluttet."),
    ("found unknown escape character", "Bruk enkle anførselstegn rundt tekst med \\."),
)


#: Characters YAML 1.1 takes as line breaks that editors (and git) do not: NEL, LS, PS.
_ODD_BREAKS: Final = ("\x85", "\u2028", "\u2029")


def _mark_line(mark: Any, text: str) -> int:
    """The 0-based line of a libyaml mark as an editor counts lines. libyaml also breaks
    lines at NEL, LS and PS, so after one of them its line numbers would run ahead; its
    ``index`` is a character offset, which does not."""
    if text and any(c in text for c in _ODD_BREAKS):
        return text.count("\n", 0, mark.index)
    return int(mark.line)


def _yaml_error_problem(exc: yaml.YAMLError, path: str, offset: int, text: str = "") -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):
        # A character YAML does not allow (a control character, U+FFFE …). libyaml gives a
        # byte offset, pure-Python PyYAML a character offset; the message has no line.
        if exc.encoding == "unicode":
            before = text[: exc.position].count("\n")
        else:
            before = text.encode("utf-8")[: exc.position].count(b"\n")
        return Problem(
            path,
            offset + before + 1,
            None,
            f"Tegnet U+{exc.character:04X} er ikke tillatt i feltene (et kontrolltegn, ofte "
            "usynlig). Slett det, eller skriv teksten inn på nytt.",
        )
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = offset + _mark_line(mark, text) + 1 if mark is not None else offset + 1
    detail = getattr(exc, "problem", None) or " ".join(str(exc).split())
    hint = next((h for key, h in _YAML_HINTS if key in detail), "")
    message = f"YAML-feil: {detail}."
    if hint:
        message += " " + hint
    return Problem(path, line, None, message)


def parse_yaml(
    text: str,
    path: str,
    offset: int = 0,
    *,
    drop_empty: bool = False,
    judge: Callable[[Any], int] | None = None,
) -> tuple[Any, LineMap, list[Problem]]:
    """Parse one YAML document. ``offset`` is the number of lines before ``text`` in its file.
    With ``drop_empty``, a key left empty (``end:``) is left out of its mapping: to a
    contributor an empty field means "no value" (its line is still known). ``judge``
    counts the problems of a reading of the fields, when a tab leaves more than one
    (``_read_past_tabs``)."""
    lines = LineMap(first_line=offset + 1)
    tabs = tab_lines(text, offset)
    problems: list[Problem] = []
    too_deep = _nesting_problem(text, path, offset)
    if too_deep is not None:
        return None, lines, [too_deep]
    try:
        node = _compose(text)
    except yaml.YAMLError as exc:
        problem = _yaml_error_problem(exc, path, offset, text)
        # A tab YAML stumbles over is reported as the tab, with its fix.
        caused_by_tab = problem.line in tabs or "tab character" in problem.message
        if not caused_by_tab:
            return None, lines, [*_tab_problems(tabs, path), problem]
        return _read_past_tabs(text, path, offset, tabs, drop_empty, judge)
    if node is None:
        return None, lines, _tab_problems(tabs, path)
    try:
        data = _Builder(path, offset, lines, problems, text, drop_empty).build(node)
    except _Refused as exc:
        problems.append(Problem(path, exc.line, exc.field, exc.message))
        return None, lines, _tab_problems(tabs, path) + problems
    return data, lines, _tab_problems(tabs, path, lines) + problems


def _compose(text: str) -> yaml.Node | None:
    loader = _Loader(text)
    try:
        node: yaml.Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()


def _read_past_tabs(
    text: str,
    path: str,
    offset: int,
    tabs: TabLines,
    drop_empty: bool,
    judge: Callable[[Any], int] | None,
) -> tuple[Any, LineMap, list[Problem]]:
    """The fields read as if each tab YAML stumbled over were spaces (``tabs.readings``),
    so that the rest of the file is checked in the same round as the tab, which stays an
    error: of the readings YAML accepts, the one ``judge`` finds fewest problems in. No
    data when none can be read."""
    best: tuple[int, Any, LineMap, list[Problem]] | None = None
    for candidate in readings(text, tabs, offset):
        try:
            node = _compose(candidate)
        except yaml.YAMLError:
            continue
        if node is None:
            continue
        lines, problems = LineMap(first_line=offset + 1), list[Problem]()
        try:
            data = _Builder(path, offset, lines, problems, candidate, drop_empty).build(node)
        except _Refused:
            continue
        count = judge(data) if judge is not None else 0
        if best is None or count < best[0]:
            best = (count, data, lines, problems)
        if judge is None or count == 0:
            break
    if best is None:
        return None, LineMap(first_line=offset + 1), _tab_problems(tabs, path)
    _, data, lines, problems = best
    return data, lines, _tab_problems(tabs, path, lines) + problems


def _tab_problems(tabs: TabLines, path: str, lines: LineMap | None = None) -> list[Problem]:
    if not tabs:
        return []  # nearly every file: no need to know which field is on which line
    fields: dict[int, str] = {}
    if lines is not None:
        for field_path, line in lines.lines.items():
            fields.setdefault(line, format_path(field_path))
    return tab_problems(tabs, path, fields)


def _nesting_problem(text: str, path: str, offset: int) -> Problem | None:
    """Refuse nesting deeper than ``MAX_DEPTH`` before libyaml's recursive composer sees it."""
    if sum(map(text.count, "[{-?:")) <= _SAFE_OPENERS:
        return None  # cannot nest deep enough to matter; the builder checks MAX_DEPTH
    loader = _Loader(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH + 1:  # the document's own mapping is level 1
                    mark = event.start_mark
                    line = offset + (_mark_line(mark, text) if mark is not None else 0) + 1
                    return Problem(path, line, None, "Strukturen er for dypt nestet.")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as exc:
        return _yaml_error_problem(exc, path, offset, text)
    finally:
        loader.dispose()
    return None


class _Builder:
    def __init__(
        self,
        path: str,
        offset: int,
        lines: LineMap,
        problems: list[Problem],
        text: str = "",
        drop_empty: bool = False,
    ) -> None:
        self.path, self.offset, self.lines, self.problems = path, offset, lines, problems
        self.drop_empty = drop_empty
        self.seen: set[int] = set()
        self.text = text
        self.odd_breaks = any(c in text for c in _ODD_BREAKS)

    def _alias_line(self) -> int | None:
        """Line of the first alias (``*navn``). The composed tree has none: an alias there
        is the anchored node itself, with the anchor's position. So, only when refusing
        one, the text is read again as events, where the alias has its own."""
        loader = _Loader(self.text)
        try:
            while loader.check_event():
                event = loader.get_event()
                if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
                    return self.offset + _mark_line(event.start_mark, self.text) + 1
        except yaml.YAMLError:
            return None
        finally:
            loader.dispose()
        return None

    def _line(self, node: yaml.Node) -> int:
        if self.odd_breaks:
            return self.offset + _mark_line(node.start_mark, self.text) + 1
        return self.offset + node.start_mark.line + 1

    def build(self, node: yaml.Node, at: FieldPath = ()) -> Any:
        if len(at) > MAX_DEPTH:
            raise _Refused(self._line(node), format_path(at), "Strukturen er for dypt nestet.")
        if id(node) in self.seen:
            raise _Refused(
                self._alias_line() or self.lines.line(at),
                format_path(at) or None,
                "YAML-aliaser (*navn) er ikke tillatt i Erfaringsbasen. Skriv verdien ut i stedet.",
            )
        self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, at)
        if isinstance(node, yaml.SequenceNode):
            self._check_tag(node, _T + "seq", at)
            items = []
            for index, child in enumerate(node.value):
                self.lines.lines[(*at, index)] = self._line(child)
                items.append(self.build(child, (*at, index)))
            return items
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node, at)

    def _check_tag(self, node: yaml.Node, expected: str, at: FieldPath) -> None:
        if node.tag != expected:
            raise _Refused(
                self._line(node),
                format_path(at) or None,
                f"YAML-taggen {node.tag} er ikke tillatt. Fjern taggen (ordet som begynner med !).",
            )

    def _mapping(self, node: yaml.MappingNode, at: FieldPath) -> dict[str, Any]:
        self._check_tag(node, _T + "map", at)
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line = self._line(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(
                    key_line, format_path(at) or None, "Et feltnavn må være vanlig tekst."
                )
            if key_node.tag == _T + "merge":
                raise _Refused(
                    key_line, format_path(at) or None, "YAML-fletting (<<) er ikke tillatt."
                )
            # Keys are field names: take them as written, so `no:` or `2017:` stays text.
            key = str(key_node.value)
            if len(key) > MAX_KEY_CHARS:
                raise _Refused(
                    key_line,
                    format_path(at) or None,
                    f"Et feltnavn er {len(key)} tegn langt. Feltnavnene er korte ord som "
                    "title og themes; står det tekst foran et kolon, skal den stå i "
                    "anførselstegn.",
                )
            if key in first_seen:
                self.problems.append(
                    Problem(
                        self.path,
                        key_line,
                        format_path((*at, key)),
                        f"Feltet står to ganger (også på linje {first_seen[key]}). "
                        "Slå dem sammen til ett.",
                    )
                )
                continue
            first_seen[key] = key_line
            self.lines.lines[(*at, key)] = key_line
            value = self.build(value_node, (*at, key))
            if value is not None or not self.drop_empty:
                result[key] = value
        return result

    def _scalar(self, node: yaml.ScalarNode, at: FieldPath) -> Any:
        tag = node.tag
        if tag not in _PLAIN_TAGS:
            self._check_tag(node, _T + "str", at)
        value = node.value
        if tag == _T + "str":
            return value
        # Everything else came from a plain (unquoted) scalar that YAML resolved.
        self.lines.raw[at] = value
        if tag == _T + "timestamp":
            return value  # dates stay text; the schema checks them against the calendar
        if tag == _T + "null":
            return None
        if tag == _T + "bool":
            return _CONSTRUCTOR.construct_yaml_bool(node)
        if tag == _T + "int":
            if len(value) > MAX_NUMBER_CHARS:
                return self._not_a_number(
                    node, at, f"Tallet har {len(value)} tegn; det er for langt."
                )
            return _CONSTRUCTOR.construct_yaml_int(node)
        number = _CONSTRUCTOR.construct_yaml_float(node)
        if not math.isfinite(number):
            # .nan and .inf are no amount or share, and JSON cannot even write them.
            return self._not_a_number(
                node, at, f"YAML leser {value} som «uendelig» eller «ikke et tall»."
            )
        return number

    def _not_a_number(self, node: yaml.ScalarNode, at: FieldPath, why: str) -> str:
        """Report a plain scalar that YAML would make an unusable number; keep its text."""
        self.problems.append(
            Problem(
                self.path,
                self._line(node),
                format_path(at) or None,
                f"{why} Skriv et vanlig tall, eller sett verdien i anførselstegn hvis du mener "
                "teksten.",
            )
        )
        return str(node.value)


def _too_large(size: int, path: str) -> Problem:
    return Problem(
        path,
        1,
        None,
        f"Filen er {size / 1_000_000:.1f} MB; grensen er "
        f"{MAX_FILE_BYTES // 1_000_000} MB. Del innholdet opp, eller korter det ned.",
    )


def _decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    if len(raw) > MAX_FILE_BYTES:
        return None, [_too_large(len(raw), path)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, [
            Problem(
                path,
                line,
                None,
                f"Filen er ikke lagret som UTF-8 (ugyldig byte 0x{raw[exc.start]:02X}). "
                "Lagre den på nytt med tegnkoding UTF-8.",
            )
        ]
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return None, [Problem(path, line, None, "Filen inneholder et nulltegn (binærdata).")]
    return text, []


def read_text(abs_path: Path, path: str) -> tuple[str | None, list[Problem]]:
    try:
        with abs_path.open("rb") as handle:
            # Never more than the limit (and one byte) in memory, however large the file;
            # and no more than the file's size asked for (a read of a megabyte allocates
            # a megabyte, for each of ten thousand small files). A file that grew since
            # its size was taken is read on, to the limit.
            size = min(os.fstat(handle.fileno()).st_size, MAX_FILE_BYTES)
            raw = handle.read(size + 1)
            if len(raw) > size:
                raw += handle.read(MAX_FILE_BYTES + 1 - len(raw))
            if len(raw) > MAX_FILE_BYTES:
                return None, [_too_large(max(os.fstat(handle.fileno()).st_size, len(raw)), path)]
    except OSError as exc:
        return None, [Problem(path, None, None, f"Kan ikke lese filen: {exc.strerror}.")]
    return _decode(raw, path)


def split_front_matter(text: str, path: str) -> tuple[str, int, str, int] | Problem:
    """Return (front matter, its line offset, body, body's first line) or a problem."""
    first = _BOUNDARY.match(text)
    if first is None or first.start() != 0:
        return Problem(
            path,
            1,
            None,
            "Filen må begynne med en linje med tre bindestreker (---), så feltene, "
            "så en ny linje med ---, og deretter selve teksten.",
        )
    closing = _BOUNDARY.search(text, first.end())
    if closing is None:
        return Problem(
            path,
            1,
            None,
            "Fant ikke linjen med --- som avslutter feltene øverst i filen.",
        )
    front = text[first.end() : closing.start()]
    offset = text.count("\n", 0, first.end())
    body_start = closing.end()
    if text.startswith("\n", body_start):
        body_start += 1
    body_line = text.count("\n", 0, body_start) + 1
    return front, offset, text[body_start:], body_line


def read_markdown(
    abs_path: Path, path: str, judge: Callable[[Any], int] | None = None
) -> tuple[SourceDoc, list[Problem]]:
    """Read one entry file. The doc's ``data`` is None when it could not be parsed
    (``judge``: see ``parse_yaml``)."""
    empty = SourceDoc(path, abs_path, None, LineMap())
    text, problems = read_text(abs_path, path)
    if text is None:
        return empty, problems
    split = split_front_matter(text, path)
    if isinstance(split, Problem):
        return empty, [split]
    front, offset, body, body_line = split
    data, lines, problems = parse_yaml(front, path, offset, drop_empty=True, judge=judge)
    if data is None and not problems:
        problems.append(Problem(path, offset + 1, None, "Feltene øverst i filen er tomme."))
    elif data is not None and not isinstance(data, dict):
        problems.append(
            Problem(
                path,
                offset + 1,
                None,
                "Feltene øverst i filen må være på formen «navn: verdi», én per linje.",
            )
        )
        data = None
    return SourceDoc(path, abs_path, data, lines, body, body_line, front), problems


def read_yaml_file(abs_path: Path, path: str) -> tuple[Any, LineMap, list[Problem]]:
    """Read a whole YAML file (a vocabulary in ``taxonomy/``)."""
    # ``path`` is relative to the site root, so the root is that many folders up; a file
    # that leads (through a link) out of it is never opened. (Entry files are checked
    # where they are found, ``scan_content_folder``; these few files are found by name.)
    depth = len(Path(path).parts)
    relative = not Path(path).is_absolute() and depth <= len(abs_path.parents)
    if relative and leads_outside(abs_path, abs_path.parents[depth - 1]):
        return None, LineMap(), [Problem(path, None, None, LINK_OUT)]
    text, problems = read_text(abs_path, path)
    if text is None:
        return None, LineMap(), problems
    return parse_yaml(text, path)


def iter_content_files(
    folder: Path, suffix: str = ".md", *, root: Path | None = None
) -> Iterator[Path]:
    """Content files in a folder and its subfolders, in a stable order (by path).

    What is not read, and why, is what ``scan_content_folder`` gives besides.
    """
    yield from scan_content_folder(folder, suffix, root=root)[0]
