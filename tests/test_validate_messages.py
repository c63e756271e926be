"""Every mistake a contributor can make gives file, line, field and a hint; never a traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from support import edit

CASE = "cases/samspill.md"
REPORT = "reports/rapport-2019.md"
REC = "recommendations/rad-2019-jobb-sammen.md"
EVENT = "events/arena-webinar-1.md"


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


# (file, old text, new text, line marker after the edit, expected words in the message)
MISTAKES = [
    pytest.param(
        CASE,
        "themes: [samarbeid-pa-tvers, gevinstrealisering]",
        "themes: [samarbeid, gevinstrealisering]",
        "themes:",
        [
            "themes[0]",
            "«samarbeid» er ikke et kjent tema",
            "Mente du «samarbeid-pa-tvers»",
            "Kjente verdier",
        ],
        id="misspelt-theme",
    ),
    pytest.param(
        CASE,
        "  - id: nav\n",
        "  - id: navv\n",
        "- id: navv",
        ["organisations[0].id", "«navv»", "Mente du «nav»"],
        id="unknown-organisation",
    ),
    pytest.param(
        CASE,
        "  - id: nav\n",
        "  - id: Difi\n",
        "- id: Difi",
        # A reference is checked against the vocabulary, which knows Difi by its name.
        ["organisations[0].id", "«Difi» er ikke en kjent virksomhet", "Mente du «difi»"],
        id="id-not-a-slug",
    ),
    pytest.param(
        CASE,
        "title: Samspill om jobb",
        "titel: Samspill om jobb",
        "titel:",
        ["titel", "Ukjent felt «titel»", "Mente du «title»"],
        id="typo-in-key",
    ),
    pytest.param(
        CASE,
        "title: Samspill om jobb",
        "title: Samspill om jobb\nstatus: pågående",
        "status: avsluttet",
        ["status", "står to ganger", "også på linje 4"],
        id="duplicate-key",
    ),
    pytest.param(
        CASE,
        "    note: Veiledning",
        "    note: NO",
        "note: NO",
        ["organisations[1].note", "YAML leser NO uten anførselstegn", '"NO"'],
        id="NO-read-as-false",
    ),
    pytest.param(
        CASE,
        'end: "2019-06"',
        "end: 2019-02-30",
        "end: 2019-02-30",
        ["period.end", "finnes ikke i kalenderen", "februar 2019 har 28 dager"],
        id="impossible-date",
    ),
    pytest.param(
        CASE,
        "published: 2026-11-23",
        "published: 23.11.2026",
        "published:",
        ["published", "feil format", "ÅÅÅÅ-MM-DD", "Eksempel: 2026-11-23"],
        id="date-format",
    ),
    pytest.param(
        CASE,
        "status: avsluttet\n",
        "",
        None,
        ["status", "Feltet «status» mangler", "Eksempel"],
        id="missing-required",
    ),
    pytest.param(
        CASE,
        "status: avsluttet",
        "status: ferdig",
        "status: ferdig",
        ["status", "«ferdig» er ikke en tillatt verdi", "avsluttet"],
        id="bad-enum",
    ),
    pytest.param(
        CASE,
        "reports: [rapport-2019]",
        "reports: [rapport-2018]",
        "reports:",
        ["reports[0]", "Finner ingen rapport med id «rapport-2018»", "Mente du «rapport-2019»"],
        id="dangling-reference",
    ),
    pytest.param(
        CASE,
        "themes: [samarbeid-pa-tvers, gevinstrealisering]",
        "themes: fornyelse",
        "themes:",
        ["Skal være en liste", "[fornyelse]"],
        id="string-for-list",
    ),
    pytest.param(
        CASE,
        "summary: NAV og Digdir prøvde ut en felles tjeneste for folk som mister jobben.",
        "summary: Altinn: en portal",
        "summary:",
        ["YAML-feil", "anførselstegn"],
        id="yaml-syntax-colon",
    ),
    pytest.param(
        CASE,
        "id: samspill",
        "id: samspill-2",
        "id: samspill-2",
        ["id", "må være lik filnavnet"],
        id="id-differs-from-file-name",
    ),
    pytest.param(
        REC,
        "follows_up: [rad-2017-brukere]",
        "follows_up: [rad-2019-jobb-sammen]",
        "follows_up:",
        ["kan ikke vise til seg selv"],
        id="self-reference",
    ),
    pytest.param(
        EVENT,
        'end: "2023-09-14 11:30"',
        'end: "2023-09-14 09:30"',
        "end:",
        ["end", "slutter", "før det begynner"],
        id="event-ends-before-start",
    ),
    pytest.param(
        EVENT,
        'start: "2023-09-14 10:00"',
        'start: "14.09.2023 kl 10"',
        "start:",
        ["start", "feil format", "ÅÅÅÅ-MM-DD TT:MM"],
        id="datetime-format",
    ),
    pytest.param(
        REPORT,
        "publisher: [difi, kmd]",
        "publisher: [difi, Difi]",
        "publisher:",
        ["publisher[1]", "Mente du «difi»"],
        id="oneOf-list-item",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "marker", "words"), MISTAKES)
def test_each_mistake_is_reported_with_file_line_and_hint(
    mini: Path,
    run_cli: Callable[..., tuple[int, str, str]],
    file: str,
    old: str,
    new: str,
    marker: str | None,
    words: list[str],
) -> None:
    edit(mini / file, old, new)
    code, out, err = run_cli("-C", str(mini), "validate")
    assert code == 1, out
    assert "Traceback" not in out + err
    lines = [line for line in out.splitlines() if line.startswith(f"{file}:")]
    assert lines, out
    matching = [line for line in lines if all(w in line for w in words)]
    assert matching, f"no line with {words} in:\n{out}"
    if marker is not None:
        expected_line = line_of(mini / file, marker)
        assert any(line.startswith(f"{file}:{expected_line}: error: ") for line in matching), out


def test_datetime_without_seconds_needs_no_quotes(
    mini: Path, run_cli: Callable[..., tuple[int, str, str]]
) -> None:
    # YAML only turns a timestamp *with seconds* into a date; without, it is plain text.
    edit(mini / EVENT, 'start: "2023-09-14 10:00"', "start: 2023-09-14 10:00")
    code, out, _ = run_cli("-C", str(mini), "validate")
    assert code == 0, out


def test_period_end_is_compared_at_the_precision_both_have(
    mini: Path, run_cli: Callable[..., tuple[int, str, str]]
) -> None:
    # A month and a year (2019-03 … 2019) cannot be ordered field by field; it is fine.
    edit(mini / CASE, 'start: 2018\n  end: "2019-06"', 'start: "2019-03"\n  end: 2019')
    code, out, err = run_cli("-C", str(mini), "validate")
    assert code == 0, out + err
    edit(mini / CASE, 'start: "2019-03"\n  end: 2019', 'start: "2019-03"\n  end: "2019-02"')
    code, out, _ = run_cli("-C", str(mini), "validate")
    assert code == 1 and "Slutten (2019-02) er før starten (2019-03)" in out


def test_all_problems_in_a_file_are_reported_not_just_the_first(
    mini: Path, run_cli: Callable[..., tuple[int, str, str]]
) -> None:
    case = mini / CASE
    edit(case, "title: Samspill om jobb", "titel: Samspill om jobb")
    edit(case, "status: avsluttet", "status: ferdig")
    edit(case, 'end: "2019-06"', "end: 2019-13")
    code, out, _ = run_cli("-C", str(mini), "validate")
    assert code == 1
    reported = [line for line in out.splitlines() if line.startswith(CASE)]
    assert len(reported) >= 4, out  # unknown titel, missing title, bad status, bad month
    assert "4 feil" in out.splitlines()[-1] or "5 feil" in out.splitlines()[-1]


def test_duplicate_ids_across_folders(
    mini: Path, run_cli: Callable[..., tuple[int, str, str]]
) -> None:
    (mini / "cases" / "arkiv").mkdir()
    text = (mini / CASE).read_text("utf-8")
    (mini / "cases" / "arkiv" / "samspill.md").write_text(text, "utf-8")
    code, out, _ = run_cli("-C", str(mini), "validate")
    assert code == 1
    assert "Id-en «samspill» brukes allerede av en annen erfaring" in out


def test_file_that_is_not_utf8(mini: Path, run_cli: Callable[..., tuple[int, str, str]]) -> None:
    path = mini / CASE
    path.write_bytes(path.read_text("utf-8").encode("latin-1"))
    code, out, _ = run_cli("-C", str(mini), "validate")
    assert code == 1
    # The first byte that is not UTF-8 is the «ø» in «prøvde» on line 4.
    assert f"{CASE}:4: error: Filen er ikke lagret som UTF-8" in out
