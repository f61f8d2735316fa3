"""``cjm deck``: the deck, chosen slides, templates, language, and exit statuses."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation

from cjm.cli import main
from tests.conftest import B2B_EXAMPLE, SEED_EXAMPLE
from tests.exporters.pptx_reading import titles
from tests.exporters.test_powerpoint_template import make_template


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_deck_of_the_seed_example(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out" / "deck.pptx"
    code, out, err = run(capsys, "deck", str(SEED_EXAMPLE), "--output", str(target))
    assert code == 0, err
    prs = Presentation(str(target))
    assert out == f"wrote {target}: {len(prs.slides)} slides (ko, built-in 16:9 design)\n"
    assert titles(prs)[1:3] == ["한눈에 보는 고객여정", "목차"]


def test_chosen_slides_in_english(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "deck.pptx"
    code, _, _ = run(
        capsys, "deck", str(SEED_EXAMPLE), "-o", str(target), "--slides", "3c,lead", "--lang", "en"
    )
    assert code == 0
    assert titles(Presentation(str(target)))[0] == "3C strategy workshop"
    assert len(Presentation(str(target)).slides) == 5


def test_a_corporate_template_and_its_fallback_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = make_template(tmp_path, names={"Title Only": "Heading"})
    target = tmp_path / "deck.pptx"
    code, out, err = run(
        capsys,
        "deck",
        str(B2B_EXAMPLE),
        "-o",
        str(target),
        "--template",
        str(template),
        "--slides",
        "overview",
    )
    assert code == 0
    assert f"template {template}" in out
    assert "cjm: note:" in err
    assert "content slides use 'Heading'" in err
    code, _, _ = run(
        capsys,
        "deck",
        str(B2B_EXAMPLE),
        "-o",
        str(target),
        "--template",
        str(template),
        "--layout",
        "content=Title and Content",
        "--slides",
        "lead",
    )
    assert code == 0
    assert {s.slide_layout.name for s in Presentation(str(target)).slides} == {"Title and Content"}


def test_list_slides(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "deck", "--list-slides")
    assert code == 0
    assert out.splitlines()[0].split() == ["title", "Title"]
    assert any(line.startswith("voc-guide") for line in out.splitlines())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--slides", "maps"], "no slide named 'maps'"),
        (["--layout", "content"], "ROLE=LAYOUT NAME"),
        (["-o", "deck.ppt"], "a deck is written as .pptx"),
        ([], "needs a journey file and --output"),
    ],
)
def test_usage_errors(
    args: list[str],
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    argv = ["deck", str(SEED_EXAMPLE), *args]
    if "-o" not in args:
        argv += ["-o", "deck.pptx"] if args else []
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert message in err
    assert list(tmp_path.iterdir()) == []


def test_invalid_input_leaves_the_old_deck(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "deck.pptx"
    target.write_bytes(b"old deck")
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: j\ntitle: J\nemotions:\n  - stage: nowhere\n    score: 1\n", encoding="utf-8")
    code, _, err = run(capsys, "deck", str(bad), "-o", str(target))
    assert code == 1
    assert "no stage with id 'nowhere'" in err
    assert target.read_bytes() == b"old deck"
    broken = tmp_path / "broken.pptx"
    broken.write_bytes(b"not a presentation")
    code, _, err = run(capsys, "deck", str(SEED_EXAMPLE), "-o", str(target), "--template", str(broken))
    assert code == 1
    assert f"{broken} cannot be used as a deck template" in err
    code, _, err = run(
        capsys, "deck", str(SEED_EXAMPLE), "-o", str(target), "--template", str(tmp_path / "none.pptx")
    )
    assert code == 1
    assert "No such file or directory" in err
    assert target.read_bytes() == b"old deck"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "broken.pptx", "deck.pptx"]


def test_cjm_export_with_string_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "deck.pptx"
    code, out, _ = run(
        capsys,
        "export",
        str(SEED_EXAMPLE),
        "-o",
        str(target),
        "--option",
        "slides=overview,emotion",
        "--option",
        "language=en",
    )
    assert code == 0
    assert "(pptx)" in out
    assert titles(Presentation(str(target))) == ["Journey map (1/2)", "Journey map (2/2)", "Emotion curve"]
    code, _, err = run(capsys, "export", str(SEED_EXAMPLE), "-o", str(target), "--option", "slides=nope")
    assert code == 2
    assert "no slide named 'nope'" in err
