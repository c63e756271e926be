from __future__ import annotations

from pathlib import Path

import pytest

from erfaringsbase.content.reader import (
    MAX_FILE_BYTES,
    iter_content_files,
    parse_yaml,
    read_markdown,
)


def test_lines_of_every_key_and_item() -> None:
    data, lines, problems = parse_yaml("a: 1\nb:\n  - x: 1\n    y: 2\n  - x: 3\n", "f", offset=1)
    assert problems == []
    assert data == {"a": 1, "b": [{"x": 1, "y": 2}, {"x": 3}]}
    assert lines.line(("a",)) == 2
    assert lines.line(("b", 0, "y")) == 5
    assert lines.line(("b", 1)) == 6
    assert lines.line(("b", 7, "nope")) == 3  # falls back to the nearest known ancestor


def test_dates_and_timestamps_stay_text_and_raw_scalars_are_kept() -> None:
    data, lines, _ = parse_yaml("d: 2017-02-30\nt: 2017-01-01 10:00:00\nn: NO\nk: 10:00\n", "f")
    assert data == {"d": "2017-02-30", "t": "2017-01-01 10:00:00", "n": False, "k": 600}
    assert lines.raw[("n",)] == "NO" and lines.raw[("k",)] == "10:00"


def test_keys_are_taken_as_written() -> None:
    data, _, _ = parse_yaml("no: 1\n2017: x\n", "f")
    assert data == {"no": 1, "2017": "x"}


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("a: &x [1]\nb: *x\n", "aliaser"),
        ("a: !!python/object:os.system x\n", "taggen"),
        ("<<: {a: 1}\n", "fletting"),
        ("a: [1\n", "YAML-feil"),
    ],
)
def test_refused_yaml(text: str, words: str) -> None:
    data, _, problems = parse_yaml(text, "f")
    assert data is None
    assert problems and words in problems[0].message


def test_billion_laughs_is_refused_quickly() -> None:
    text = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    data, _, problems = parse_yaml(text, "f")
    assert data is None and "aliaser" in problems[0].message


def test_keys_left_empty_are_dropped_at_every_depth_in_entries(tmp_path: Path) -> None:
    """To a contributor ``end:`` means "no end": an entry's fields leave it out, nested
    ones too; an empty item in a list stays (the schema says what is wrong with it)."""
    text = "a:\nb:\n  - x: 1\n    y:\n  -\nc:\n  d: 1\n  e:\n"
    assert parse_yaml(text, "f")[0] == {
        "a": None,
        "b": [{"x": 1, "y": None}, None],
        "c": {"d": 1, "e": None},
    }
    data, lines, _ = parse_yaml(text, "f", drop_empty=True)
    assert data == {"b": [{"x": 1}, None], "c": {"d": 1}}
    assert lines.line(("c", "e")) == 8  # still known, for a message about it
    path = tmp_path / "x.md"
    path.write_text(f"---\nid: x\n{text}---\nTekst\n", "utf-8")
    doc, _ = read_markdown(path, "x.md")
    assert doc.data == {"id": "x", **data}


def test_front_matter_split_and_body_line(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_text("---\nid: x\ntitle: y\n---\n\n## Body\n", "utf-8")
    doc, problems = read_markdown(path, "x.md")
    assert problems == []
    assert doc.data == {"id": "x", "title": "y"}
    assert doc.lines.line(("title",)) == 3
    assert doc.body.startswith("\n## Body") or doc.body.startswith("## Body")
    assert doc.body_line in (5, 6)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"id: x\n", "tre bindestreker"),
        (b"---\nid: x\n", "avslutter"),
        (b"---\n---\nbody", "tomme"),
        (b"---\n- a\n---\n", "navn: verdi"),
        (b"---\nid: x\x00\n---\n", "nulltegn"),
    ],
)
def test_malformed_files(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(content)
    doc, problems = read_markdown(path, "x.md")
    assert doc.data is None
    assert any(words in p.message for p in problems), problems


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_bytes("\ufeff---\r\nid: x\r\ntitle: ø\r\n---\r\nBody\r\n".encode())
    doc, problems = read_markdown(path, "x.md")
    assert problems == [] and doc.data == {"id": "x", "title": "ø"}
    assert doc.lines.line(("title",)) == 3


def test_very_large_file_is_refused_without_parsing(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(b"---\nid: x\n---\n" + b"a" * (MAX_FILE_BYTES + 1))
    doc, problems = read_markdown(path, "x.md")
    assert doc.data is None and "grensen er 1 MB" in problems[0].message


@pytest.mark.parametrize("odd", ["\u2028", "\u2029", "\x85"])
def test_lines_as_an_editor_counts_them_after_yaml_only_line_breaks(odd: str) -> None:
    """YAML also breaks lines at LS, PS and NEL; editors and git do not. A message after
    one must still name the line the contributor sees."""
    text = f'a: 1\nb: "x{odd}y{odd}z"\nc:\n  - 3\nd: [1\n'
    _, _, problems = parse_yaml(text, "f", offset=1)
    assert [p.line for p in problems] == [7]  # the unclosed list: line 5 of the text, +1 +1
    data, lines, problems = parse_yaml(text.replace("[1", "[1]"), "f", offset=1)
    assert problems == [] and data is not None
    assert lines.line(("c",)) == 4
    assert lines.line(("c", 0)) == 5
    assert lines.line(("d",)) == 6


@pytest.mark.parametrize(
    "text",
    [
        "a: &x [1]\nb: 2\nc: *x\n",
        "a: &x v\nb:\n  - 1\n  - *x\n",  # in a list: the item's node is the anchored one
        "a:\n  - &x v\n  - 2\nb: {k: *x}\n",
    ],
)
def test_an_alias_is_reported_where_it_is_not_where_its_anchor_is(text: str) -> None:
    _, _, problems = parse_yaml(text, "f", offset=1)
    alias_line = next(i for i, line in enumerate(text.split("\n")) if "*x" in line) + 2
    assert [(p.line, "aliaser" in p.message) for p in problems] == [(alias_line, True)]


def test_which_files_are_entries_and_in_what_order(tmp_path: Path) -> None:
    """Entries are the .md files, subfolders included, sorted by path; a folder's README,
    `_` and `.` files, `.` folders, folders named like files and links to folders are not."""
    for name in [
        "b.md",
        "a.md",
        "a/z.md",
        "a/b/c.md",
        "a-b.md",
        "README.md",
        "sub/readme.MD",
        "_mal.md",
        ".x.md",
        ".git/h.md",
        "sub/.cache/y.md",
        "notes.txt",
        "c.MD",
    ]:
        path = tmp_path / "cases" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", "utf-8")
    (tmp_path / "cases" / "dir.md").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "far.md").write_text("x", "utf-8")
    (tmp_path / "cases" / "link").symlink_to(tmp_path / "elsewhere")
    (tmp_path / "cases" / "linked.md").symlink_to(tmp_path / "elsewhere" / "far.md")
    (tmp_path / "cases" / "dangling.md").symlink_to(tmp_path / "nowhere.md")
    found = [
        p.relative_to(tmp_path / "cases").as_posix() for p in iter_content_files(tmp_path / "cases")
    ]
    assert found == ["a/b/c.md", "a/z.md", "a-b.md", "a.md", "b.md", "linked.md"]
    assert list(iter_content_files(tmp_path / "missing")) == []
