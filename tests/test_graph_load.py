"""The graph as a whole: it loads, its terms are declared, every fact reaches a sentence.

Issue 3. Each test reads the graph through `kg.store`, on both engines where the answer
comes from SPARQL, so a fact the oxigraph store and the rdflib store disagree on fails.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef

from kg import namespaces as ns
from kg.store import open_store

# schema.org is used as ns.SDO: a module-level SDO makes pytest's collector warn.
DRA, ID, RDF, RDFS, ORG, DCTERMS = ns.DRA, ns.ID, ns.RDF, ns.RDFS, ns.ORG, ns.DCTERMS

ROOT = Path(__file__).resolve().parents[1]
DATA_FILES = sorted((ROOT / "data").rglob("*.ttl"))
SOURCE = ROOT / "data" / "sources" / "zgjsb-2022-01-24.txt"
REUSED = tuple(
    str(v) for v in (ns.RDF, ns.RDFS, ns.OWL, ns.XSD, ns.SKOS, ns.ORG, ns.PROV, ns.SDO, ns.DCTERMS)
)

#: Classes whose every instance states a fact and so must cite its own sentence.
FACT_CLASSES = (
    DRA.AssistanceMeasure,
    ORG.Membership,
    ORG.Post,
    ORG.ChangeEvent,
    ns.SDO.Quotation,
    ns.SDO.Event,
    ns.SDO.EducationEvent,
    ns.SDO.ExhibitionEvent,
    DRA.Meeting,
    DRA.Training,
    DRA.Relocation,
    DRA.Pairing,
    DRA.BranchPairing,
    DRA.Task,
    ns.SDO.Observation,
)


@pytest.fixture(scope="module")
def graph() -> Graph:
    return open_store(ROOT, engine="memory").graph()


@pytest.fixture(scope="module")
def data_graph() -> Graph:
    """data/ alone, without the ontology."""
    g = Graph()
    for path in DATA_FILES:
        g.parse(path, format="turtle")
    return g


@pytest.mark.parametrize(
    "path",
    [*DATA_FILES, ROOT / "ontology" / "ontology.ttl"],
    ids=lambda p: p.relative_to(ROOT).as_posix(),
)
def test_file_parses_strictly(path: Path) -> None:
    assert list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))


def test_both_engines_load_the_same_triples() -> None:
    counts = {e: len(open_store(ROOT, engine=e)) for e in ("oxigraph", "memory")}
    assert counts["oxigraph"] == counts["memory"] > 3000


def test_no_unicode_escapes_in_turtle() -> None:
    for path in [*DATA_FILES, ROOT / "ontology" / "ontology.ttl"]:
        assert "\\u" not in path.read_text(encoding="utf-8"), path


def test_no_blank_nodes_in_data(data_graph: Graph) -> None:
    blanks = {t for triple in data_graph for t in triple if isinstance(t, BNode)}
    assert blanks == set()


def test_every_term_used_in_data_is_declared_or_reused(graph: Graph, data_graph: Graph) -> None:
    declared = {s for s in graph.subjects(RDF.type, None) if str(s).startswith(str(DRA._NS))}
    used = set(data_graph.predicates())
    used |= set(data_graph.objects(None, RDF.type))
    used |= {o for o in data_graph.objects() if isinstance(o, URIRef) and o.startswith(DRA._NS)}
    unknown = {
        t
        for t in used
        if not (t in declared or (str(t).startswith(REUSED) and not t.startswith(DRA._NS)))
    }
    assert unknown == set()


def test_every_id_reference_is_described(graph: Graph) -> None:
    subjects = set(graph.subjects())
    dangling = {
        o
        for o in graph.objects()
        if isinstance(o, URIRef) and o.startswith(ID) and o not in subjects
    }
    assert dangling == set()


def test_every_entity_has_zh_and_en_labels(graph: Graph) -> None:
    missing = []
    for s in set(graph.subjects()):
        if isinstance(s, URIRef) and s.startswith(ID):
            langs = {
                lbl.language for lbl in graph.objects(s, RDFS.label) if isinstance(lbl, Literal)
            }
            if not {"zh", "en"} <= langs:
                missing.append(s)
    assert missing == []


def test_fact_bearing_nodes_cite_a_sentence(graph: Graph) -> None:
    uncited = {
        node
        for cls in FACT_CLASSES
        for node in graph.subjects(RDF.type, cls)
        if graph.value(node, DRA.statedIn) is None
    }
    assert uncited == set()


def test_every_node_reaches_a_sentence(graph: Graph) -> None:
    """Each id: node cites a sentence, or hangs off one that does (amounts, counts)."""
    cited = set(graph.subjects(DRA.statedIn, None))
    orphans = []
    for s in set(graph.subjects()):
        if not (isinstance(s, URIRef) and s.startswith(ID)) or s in cited:
            continue
        if (s, RDF.type, DRA.Sentence) in graph:
            continue
        if not any(parent in cited for parent in graph.subjects(None, s)):
            orphans.append(s)
    assert orphans == []


def test_every_cited_sentence_exists_in_the_article(graph: Graph) -> None:
    article = ID["zgjsb-2022-01-24"]
    for sentence in set(graph.objects(None, DRA.statedIn)):
        assert (sentence, RDF.type, DRA.Sentence) in graph, sentence
        assert (sentence, DCTERMS.isPartOf, article) in graph, sentence


def test_sentences_are_the_article_text(graph: Graph) -> None:
    lines = SOURCE.read_text(encoding="utf-8").splitlines()
    sentences = list(graph.subjects(RDF.type, DRA.Sentence))
    assert len(sentences) == 93  # line 1's preamble, one sentence on each of lines 1-91, byline
    positions = set()
    for s in sentences:
        line = graph.value(s, DRA.sourceLine).toPython()
        text = str(graph.value(s, ns.SDO.text))
        positions.add(graph.value(s, ns.SDO.position).toPython())
        assert text and text in lines[line - 1], s
    assert positions == set(range(93))


def test_source_copy_matches_the_shared_article() -> None:
    shared = ROOT.parent / "shared" / "sources" / "zgjsb-2022-01-24.txt"
    if not shared.exists():
        pytest.skip("shared sources not present")
    assert SOURCE.read_bytes() == shared.read_bytes()


ARTICLE = """
PREFIX schema: <https://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?headline ?date ?author ?paper WHERE {
  ?article a schema:NewsArticle ; schema:headline ?headline ; schema:datePublished ?date ;
    schema:author/rdfs:label ?author ; schema:isPartOf/schema:isPartOf/rdfs:label ?paper .
  FILTER (lang(?author) = "zh" && lang(?paper) = "zh")
}"""


def test_article_metadata(store) -> None:
    rows = store.query(ARTICLE).rows
    assert len(rows) == 1
    headline, date, author, paper = (t.toPython() for t in rows[0])
    assert str(headline) == "把定点帮扶“责任田”打造成乡村振兴“示范田”"
    assert str(date) == "2022-01-24"
    assert (str(author), str(paper)) == ("龚后雨", "中国建设报")


NAMED = """
PREFIX dra: <https://dra.example.org/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?e ?name WHERE {
  VALUES ?cls {
    org:FormalOrganization org:OrganizationalUnit dra:Department dra:AffiliatedUnit
    dra:Association dra:PartyOrganization dra:PartyGroup dra:PartyCommittee dra:PartyBranch
    dra:LeadingGroup dra:AssistanceGroup schema:Person dra:Province dra:City dra:County
    dra:Township dra:Village schema:Place dra:Fund dra:Training dra:Platform schema:Newspaper
  }
  ?e a ?cls ; rdfs:label|skos:altLabel ?name . FILTER (lang(?name) = "zh")
}"""


def test_named_entities_carry_the_articles_own_name(store) -> None:
    """Each organisation, person, place, fund and programme has a zh label or altLabel that
    occurs verbatim in the article (labels are the article's names, not our paraphrases)."""
    text = SOURCE.read_text(encoding="utf-8")
    names: dict = {}
    for entity, name in store.query(NAMED).rows:
        names.setdefault(entity, set()).add(str(name))
    assert len(names) > 100
    paraphrased = [e for e, labels in names.items() if not any(n in text for n in labels)]
    assert paraphrased == []
