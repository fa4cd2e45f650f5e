"""`kg fmt`: one canonical form, idempotent, and never a changed set of triples."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg import rdfio
from kg.fmt import canonical_turtle, format_file, project_turtle_files

ROOT = Path(__file__).resolve().parents[1]

# Blank nodes inline and shared, a list holding a blank node, a cycle, every literal shape.
TRICKY = """# Opening comment: kept.
@prefix id: <https://dra.example.org/id/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/other#> .
# An inner comment: dropped.
id:Shape a sh:NodeShape ; sh:property [ sh:path rdfs:label ; sh:minCount 1 ;
  sh:in ("a" "b" [ sh:x 1 ]) ; sh:message "必须有标签"@zh, "needs a label"@en ] ,
  [ sh:path id:p ; sh:datatype xsd:decimal ] .
id:m id:v "190000000"^^xsd:decimal, 1.50, "01"^^xsd:integer, "2021-06"^^xsd:gYearMonth,
  "a \\"q\\" \\\\ b\\nnext", true, "1e3"^^xsd:double ; id:shared _:s, _:t ; ex:x ex:y .
id:n id:shared _:s .
_:s id:val 1 . _:t id:val 1 .
_:c1 id:next _:c2 . _:c2 id:next _:c1 .
[] id:loose "yes" .
<http://example.org/odd%20path/x?y=1> id:to <https://dra.example.org/id/-leading-dash> .
id:empty id:list () ; id:node [] .
"""


def graph_of(text: str) -> Graph:
    graph = Graph()
    for quad in rdfio.parse_text(text, "t.ttl"):
        graph.add(quad.triple)
    return graph


def test_formatting_preserves_the_triples_exactly() -> None:
    once = canonical_turtle(graph_of(TRICKY))
    assert isomorphic(graph_of(once), graph_of(TRICKY))
    # Lexical forms are written as parsed, not normalized.
    assert "01" in once.split("id:v ", 1)[1].split(";")[0]
    assert "1.50" in once


def test_formatting_twice_gives_the_same_bytes() -> None:
    once = canonical_turtle(graph_of(TRICKY))
    assert canonical_turtle(graph_of(once)) == once


def test_output_does_not_depend_on_statement_order_or_blank_node_ids() -> None:
    reference = canonical_turtle(graph_of(TRICKY))
    nt = graph_of(TRICKY).serialize(format="nt").splitlines()
    for seed in range(5):
        random.Random(seed).shuffle(nt)
        assert canonical_turtle(graph_of("\n".join(nt) + "\n")) == reference


MULTI_LINE = r'''@prefix id: <https://dra.example.org/id/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
id:q sh:select """SELECT $this WHERE {
  $this ?p ?l . FILTER(LANG(?l) = "zh")
}""", "ends with a quote \"\nand \"\"two\"\" \\ \r\"", "one line" .
'''


def test_multi_line_text_is_written_triple_quoted() -> None:
    text = canonical_turtle(graph_of(MULTI_LINE))
    assert 'sh:select """SELECT $this WHERE {\n  $this ?p ?l .' in text
    assert '"one line"' in text
    assert isomorphic(graph_of(text), graph_of(MULTI_LINE))
    assert canonical_turtle(graph_of(text)) == text


def test_layout_is_the_documented_one() -> None:
    text = canonical_turtle(graph_of(TRICKY))
    assert text.index("@prefix dcterms:") < text.index("@prefix xsd:")
    assert "id:Shape a sh:NodeShape ;\n    sh:property [\n" in text
    assert "sh:in ( " in text
    assert '"needs a label"@en, "必须有标签"@zh' in text  # Chinese written as Chinese
    assert "_:b1" in text and "[] id:loose" in text
    assert "<http://example.org/other#x>" in text  # no prefix invented for other namespaces


def test_format_file_keeps_only_the_opening_comment(tmp_path: Path) -> None:
    path = tmp_path / "t.ttl"
    path.write_text(TRICKY, encoding="utf-8")
    assert format_file(path) is True
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Opening comment: kept.\n")
    assert "inner comment" not in text
    assert format_file(path) is False
    assert format_file(path, write=False) is False


def test_check_mode_does_not_write(tmp_path: Path) -> None:
    path = tmp_path / "t.ttl"
    path.write_text(TRICKY, encoding="utf-8")
    assert format_file(path, write=False) is True
    assert path.read_text(encoding="utf-8") == TRICKY


def test_syntax_error_names_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.ttl"
    path.write_text('@prefix id: <https://dra.example.org/id/> .\nid:a id:b "open .\n')
    with pytest.raises(rdfio.RdfInputError) as caught:
        format_file(path)
    assert caught.value.line == 2
    assert caught.value.location().startswith(f"{path}:2:")


@pytest.mark.parametrize(
    "path", project_turtle_files(ROOT), ids=lambda p: p.relative_to(ROOT).as_posix()
)
def test_project_files_are_canonical(path: Path) -> None:
    assert format_file(path, write=False) is False, f"run `kg fmt` on {path}"
