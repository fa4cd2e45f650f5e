"""Editorial notes in both languages: every node whose `skos:editorialNote` is in English has
it in Chinese too, so a reader of the Chinese site sees the note in Chinese.

The Chinese note is a translation, not a copy: it is written in Chinese, and every stretch of
the article's Chinese that the English note quotes (农家书屋, 告诉记者, …) appears in it
unchanged.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import SKOS, Graph, Literal
from rdflib.term import Node

from kg.store import open_store

ROOT = Path(__file__).resolve().parents[1]

# A run of Han characters: what an English note quotes from the article.
_HAN = re.compile(r"[\u4e00-\u9fff]+")


@pytest.fixture(scope="module")
def notes() -> dict[Node, dict[str, list[str]]]:
    """Node → language → its editorial notes in that language."""
    graph: Graph = open_store(ROOT, engine="memory").graph()
    by_node: dict[Node, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for node, note in graph.subject_objects(SKOS.editorialNote):
        assert isinstance(note, Literal), f"{node}: editorial note {note!r} is not text"
        by_node[node][(note.language or "").lower()].append(str(note))
    return by_node


def test_the_data_has_editorial_notes(notes: dict[Node, dict[str, list[str]]]) -> None:
    # Without notes the checks below would pass on nothing.
    assert sum(1 for langs in notes.values() if langs.get("en")) >= 50


def test_every_english_note_has_a_chinese_one(notes: dict[Node, dict[str, list[str]]]) -> None:
    missing = sorted(
        str(node) for node, langs in notes.items() if langs.get("en") and not langs.get("zh")
    )
    assert not missing, f"nodes with an @en editorial note and no @zh one: {missing}"


def test_every_chinese_note_has_an_english_one(notes: dict[Node, dict[str, list[str]]]) -> None:
    missing = sorted(
        str(node) for node, langs in notes.items() if langs.get("zh") and not langs.get("en")
    )
    assert not missing, f"nodes with an @zh editorial note and no @en one: {missing}"


def test_notes_are_only_english_and_chinese(notes: dict[Node, dict[str, list[str]]]) -> None:
    other = sorted(
        (str(node), lang)
        for node, langs in notes.items()
        for lang in langs
        if lang not in ("en", "zh")
    )
    assert not other, f"editorial notes in another language (or untagged): {other}"


def test_one_chinese_note_per_english_note(notes: dict[Node, dict[str, list[str]]]) -> None:
    uneven = sorted(
        (str(node), len(langs.get("en", [])), len(langs.get("zh", [])))
        for node, langs in notes.items()
        if len(langs.get("en", [])) != len(langs.get("zh", []))
    )
    assert not uneven, f"(node, @en notes, @zh notes) where the counts differ: {uneven}"


def test_chinese_notes_are_written_in_chinese(notes: dict[Node, dict[str, list[str]]]) -> None:
    # An English sentence tagged @zh would pass the checks above; a translation is mostly Han.
    latin_heavy = []
    for node, langs in notes.items():
        for note in langs.get("zh", []):
            han = sum(len(run) for run in _HAN.findall(note))
            latin = len(re.findall(r"[A-Za-z]", note))
            if han == 0 or latin > han:
                latin_heavy.append((str(node), note))
    assert not latin_heavy, f"@zh notes that are not mainly Chinese: {latin_heavy}"


def test_chinese_notes_keep_the_quoted_chinese(notes: dict[Node, dict[str, list[str]]]) -> None:
    lost = []
    for node, langs in notes.items():
        chinese = "".join(langs.get("zh", []))
        for note in langs.get("en", []):
            lost += [(str(node), run) for run in _HAN.findall(note) if run not in chinese]
    assert not lost, (
        f"(node, article words quoted in the @en note but missing from the @zh one): {lost}"
    )
