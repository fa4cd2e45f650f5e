"""Validate candidate triples against the graph before they are merged (issue 4).

The API the CLI (`kg validate`, `kg merge`) and the site's /validate page share::

    from kg.candidates import Candidate
    from kg.validation import Validator

    validator = Validator.for_store(store)          # once: shapes and indexes prepared
    report = validator.validate(
        [Candidate.from_text(text, "pasted.ttl")],   # or Candidate.from_file(path)
        lang="en",                                   # messages in "zh" (default) or "en"
    )
    report.conforms, report.findings, report.pre_existing, report.added, report.repeated,
    report.new_entities                              # typed objects, see kg.findings

`Candidate.*` raises `kg.rdfio.RdfInputError` (file:line:column) on unusable input.
`Validator.validate_data()` checks the whole of `data/` (pre-commit, tests), each finding
located in its data file.

How: pyshacl (`advanced=True` for the SPARQL constraints, `inference="none"`, graphs passed
in so nothing is fetched, no owl:imports) runs on the candidate's neighbourhood only (see
`kg.neighbourhood`), with the candidate, and again without it around the existing nodes that
got findings; findings present in both are pre-existing, the others the candidate
introduces. `full=True` validates everything instead (the reference the fast path is tested
against). Three checks that read the whole graph (dangling references, undeclared dra:
terms) apply their shapes.ttl definition with index lookups; likely duplicates (a new IRI
whose @zh label an existing entity of the same class has) come from a label index; near-miss
vocabulary terms get a "did you mean" from the ontology's declared terms.
"""

from __future__ import annotations

import difflib
import functools
import threading
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SDO, SH, SKOS
from rdflib.plugins.sparql import processor as sparql_processor
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.term import Node

from kg import rdfio
from kg.candidates import Candidate
from kg.findings import SEVERITIES, SHAPES, Entity, Finding, Location, Statement, ValidationReport
from kg.fmt import literal
from kg.labels import qname
from kg.namespaces import DRA, ID
from kg.neighbourhood import ShapeProfile, extract, seeds_of
from kg.store import Store, data_files

SHAPES_FILE = Path("ontology/shapes.ttl")
LABEL_PREDICATES = (SKOS.prefLabel, RDFS.label, SDO.name)
LANGUAGES = ("zh", "en")
#: What of the ontology a neighbourhood carries: declarations, the class and property
#: hierarchies, and the concept schemes (sh:class, the closed vocabulary, unit checks).
ONTOLOGY_AXIOMS = frozenset({RDF.type, RDFS.subClassOf, RDFS.subPropertyOf, SKOS.inScheme})
#: Hierarchy axioms are kept whoever states them (reused vocabularies' classes too).
HIERARCHY = frozenset({RDFS.subClassOf, RDFS.subPropertyOf})

#: Our closed-vocabulary constraints; their findings get a "did you mean …".
VOCABULARY_SHAPES = (SHAPES.DeclaredPredicateShape, SHAPES.DeclaredTermShape)
#: Shapes that look at every triple of the graph (SPARQL targets). shapes.ttl holds their
#: definition with `sh:deactivated true`: pyshacl would evaluate the target's FILTER on each
#: triple with rdflib's interpreter (seconds per run), so `_closed_world` applies the same
#: definition with index lookups; a test checks the two agree on the corpus.
CLOSED_WORLD_SHAPES = (*VOCABULARY_SHAPES, SHAPES.DanglingReferenceShape)
#: The shape whose messages the Python duplicate check uses (it has no SHACL target).
DUPLICATE_SHAPE = SHAPES.LikelyDuplicateShape

_DRA = str(DRA._NS)
_ID = str(ID)
_SUGGEST = {"zh": "（是否想写 {}？）", "en": " (did you mean {}?)"}


class Validator:
    """Shapes, the base graph and its indexes, prepared once; `validate` per candidate."""

    def __init__(self, graph: Graph, shapes: Graph) -> None:
        self.graph = graph
        self.shapes = shapes
        self.profile = ShapeProfile.of(shapes)
        # Neighbourhoods carry the ontology's axioms (sh:class reads rdfs:subClassOf, the
        # vocabulary checks read declarations), not its labels and comments.
        self.ontology = Graph()
        for s, p, o in graph:
            ours = isinstance(s, URIRef) and str(s).startswith(_DRA)
            if p in HIERARCHY or (ours and p in ONTOLOGY_AXIOMS):
                self.ontology.add((s, p, o))
        self._declared = {
            s for s in self.ontology.subjects(RDF.type, None) if isinstance(s, URIRef)
        }
        self.vocabulary = sorted(str(s) for s in self._declared)
        self._zh_labels = _label_index(graph)
        self._base_findings: dict[tuple, _Result] | None = None

    @classmethod
    def for_store(cls, store: Store, shapes: Graph | None = None) -> Validator:
        return cls(store.graph(), shapes if shapes is not None else load_shapes(store.root))

    @classmethod
    def for_root(cls, root: Path) -> Validator:
        """Parse `root`'s ontology/ and data/ straight into one rdflib graph."""
        graph = Graph()
        for path in data_files(root):
            for quad in rdfio.parse_file(path, display_name=path.relative_to(root).as_posix()):
                graph.add(quad.triple)
        return cls(graph, load_shapes(root))

    # -- public
    def validate(
        self, candidates: Sequence[Candidate], *, lang: str = "zh", full: bool = False
    ) -> ValidationReport:
        """What `candidates` would introduce into the graph, and what they add."""
        lang = _language(lang)
        started = time.perf_counter()
        added_graph = Graph()
        added, repeated = [], []
        for candidate in candidates:
            for triple in candidate.triples:
                statement = Statement(triple, _location(candidate, triple))
                if triple in self.graph:
                    repeated.append(statement)
                elif triple not in added_graph:
                    added_graph.add(triple)
                    added.append(statement)
        origins = self.profile.affected(seeds_of(added_graph), (self.graph, added_graph))
        if full:
            with_candidate, without, checked = self._full(added_graph)
        else:
            with_candidate, without, checked = self._fast(added_graph, set(origins))
        view = _View((self.graph, added_graph))
        where = _Locator(candidates, origins)
        introduced = [r for k, r in with_candidate.items() if k not in without]
        kept = [r for k, r in with_candidate.items() if k in without]
        new_entities = self._new_entities(candidates, added_graph, lang)
        findings = [self._finding(r, view, where, lang) for r in introduced]
        findings += self._duplicates(new_entities, view, where, lang)
        return ValidationReport(
            lang=lang,
            mode="full" if full else "neighbourhood",
            candidates=[c.name for c in candidates],
            findings=_ordered(_distinct(findings)),
            pre_existing=_ordered(_distinct([self._finding(r, view, where, lang) for r in kept])),
            added=added,
            repeated=repeated,
            new_entities=new_entities,
            seconds=time.perf_counter() - started,
            checked_nodes=0 if full else len(origins),
            checked_triples=checked,
        )

    def validate_data(self, root: Path, *, lang: str = "zh") -> ValidationReport:
        """Every finding in `root`'s data/, each located in the data file that states it."""
        files = [p for p in data_files(root) if p.is_relative_to(root / "data")]
        candidates = [Candidate.from_file(p, p.relative_to(root).as_posix()) for p in files]
        ontology_only = Graph()
        ontology_only += self.ontology
        report = Validator(ontology_only, self.shapes).validate(candidates, lang=lang, full=True)
        # Everything in data/ is "added" to the ontology: listing it would only be noise.
        report.candidates, report.whole_data = ["data/"], True
        report.added, report.repeated, report.new_entities = [], [], []
        return report

    def suggestion(self, term: URIRef) -> URIRef | None:
        """The declared term nearest to an undeclared one in our namespace, if any is near."""
        local = str(term)[len(_DRA) :]
        names = [v[len(_DRA) :] for v in self.vocabulary]
        close = difflib.get_close_matches(local, names, n=1, cutoff=0.8)
        if not close:
            # Case slips ("villageIn" for "VillageIn") are near misses difflib scores low.
            close = [n for n in names if n.lower() == local.lower()]
        return URIRef(_DRA + close[0]) if close else None

    # -- internals
    def _full(self, added: Graph) -> tuple[dict, dict, int]:
        combined = Graph()
        combined += self.graph
        combined += added
        with_candidate = _run(combined, self.shapes)
        with_candidate.update(self._closed_world((combined,), combined.subjects(unique=True)))
        return with_candidate, self._base(), len(combined)

    def _fast(self, added: Graph, focus: set[Node]) -> tuple[dict, dict, int]:
        sub = extract((self.graph, added), focus, self.profile, self.ontology)
        with_candidate = {k: r for k, r in _run(sub, self.shapes).items() if r.focus in focus}
        with_candidate.update(self._closed_world((self.graph, added), focus))
        # A finding can be pre-existing only at a node data/ already describes; when there is
        # none, the run without the candidate could only come back empty.
        base = _View((self.graph,))
        old = {r.focus for r in with_candidate.values() if base.described(r.focus)}
        without: dict[tuple, _Result] = {}
        if old:
            sub_old = extract((self.graph,), old, self.profile, self.ontology)
            without = {k: r for k, r in _run(sub_old, self.shapes).items() if r.focus in old}
            without.update(self._closed_world((self.graph,), old))
        return with_candidate, without, len(sub)

    def _base(self) -> dict[tuple, _Result]:
        if self._base_findings is None:
            self._base_findings = _run(self.graph, self.shapes)
            self._base_findings.update(
                self._closed_world((self.graph,), self.graph.subjects(unique=True))
            )
        return self._base_findings

    def _closed_world(self, graphs: tuple[Graph, ...], nodes: Iterable[Node]) -> dict:
        """The checks of CLOSED_WORLD_SHAPES (see there) for `nodes`, as pyshacl reports them."""
        view = _View(graphs)
        results: dict[tuple, _Result] = {}
        for node in nodes:
            for graph in graphs:
                for _s, p, o in graph.triples((node, None, None)):
                    for shape, constraint, offending in (
                        (SHAPES.DeclaredPredicateShape, SHAPES.DeclaredPredicate, p),
                        (SHAPES.DeclaredTermShape, SHAPES.DeclaredTerm, o),
                        (SHAPES.DanglingReferenceShape, SHAPES.DanglingReference, o),
                    ):
                        if self._breaks(shape, offending, view):
                            severity = self.shapes.value(constraint, SH.severity) or SH.Violation
                            r = _Result(
                                node,
                                p,
                                o,
                                shape,
                                SH.SPARQLConstraintComponent,
                                severity,
                                (),
                                constraint,
                            )
                            results[r.key] = r
        return results

    def _breaks(self, shape: URIRef, term: Node, view: _View) -> bool:
        if not isinstance(term, URIRef):
            return False
        if shape == SHAPES.DanglingReferenceShape:
            return str(term).startswith(_ID) and not view.described(term)
        # Declared means declared by the ontology: a candidate cannot mint dra: terms by
        # typing them itself (the SPARQL definition would accept that).
        return str(term).startswith(_DRA) and term not in self._declared

    def _finding(self, r: _Result, view: _View, where: _Locator, lang: str) -> Finding:
        message = _message(self.shapes, r, lang)
        suggestion = None
        if r.shape in VOCABULARY_SHAPES:
            term = r.path if r.shape == SHAPES.DeclaredPredicateShape else r.value
            if isinstance(term, URIRef):
                suggestion = self.suggestion(term)
                if suggestion is not None:
                    message += _SUGGEST[lang].format(qname(suggestion))
        return Finding(
            focus=r.focus,
            focus_label=view.label(r.focus, lang),
            path=r.path,
            value=r.value,
            message=message,
            shape=r.shape,
            component=r.component,
            severity=r.severity,
            location=where.finding(r),
            suggestion=suggestion,
            constraint=r.constraint,
        )

    def _new_entities(
        self, candidates: Sequence[Candidate], added: Graph, lang: str
    ) -> list[Entity]:
        view = _View((self.graph, added))
        seen: set[Node] = set()
        entities = []
        for candidate in candidates:
            for subject in candidate.graph().subjects(unique=True):
                if isinstance(subject, BNode) or subject in seen:
                    continue
                seen.add(subject)
                if next(self.graph.triples((subject, None, None)), None) is None:
                    location = _subject_location(candidates, subject)
                    entities.append(Entity(subject, view.label(subject, lang), location))
        return entities

    def _duplicates(
        self, entities: list[Entity], view: _View, where: _Locator, lang: str
    ) -> list[Finding]:
        findings = []
        first_new: dict[str, Node] = {}
        for entity in entities:
            for label in view.zh_labels(entity.node):
                key = _normal(label)
                existing = sorted(
                    (e for e in self._zh_labels.get(key, ()) if _same_kind(view, e, entity.node)),
                    key=str,
                )
                earlier = first_new.get(key)
                if (
                    not existing
                    and earlier not in (None, entity.node)
                    and _same_kind(view, earlier, entity.node)
                ):
                    existing = [earlier]
                first_new.setdefault(key, entity.node)
                if not existing:
                    continue
                label_predicate = next(
                    (p for p in LABEL_PREDICATES if (entity.node, p, label) in view), RDFS.label
                )
                r = _Result(
                    entity.node, label_predicate, label, DUPLICATE_SHAPE, None, SH.Warning, (), None
                )
                message = _message(self.shapes, r, lang).replace(
                    "{?other}", qname(existing[0]) if isinstance(existing[0], URIRef) else "_:"
                )
                findings.append(
                    Finding(
                        focus=entity.node,
                        focus_label=view.label(entity.node, lang),
                        path=label_predicate,
                        value=label,
                        message=message,
                        shape=DUPLICATE_SHAPE,
                        component=None,
                        severity="Warning",
                        location=where.finding(r),
                    )
                )
        return findings


def load_shapes(root: Path) -> Graph:
    """ontology/shapes.ttl, parsed strictly."""
    graph = Graph()
    for quad in rdfio.parse_file(root / SHAPES_FILE, display_name=SHAPES_FILE.as_posix()):
        graph.add(quad.triple)
    return graph


def validate(
    base: Store | Graph,
    candidates: Sequence[Candidate],
    *,
    lang: str = "zh",
    full: bool = False,
    shapes: Graph | None = None,
) -> ValidationReport:
    """One-shot: validate `candidates` against a store (its project's shapes by default) or
    an rdflib graph (then pass `shapes`, e.g. `load_shapes(root)`). Keep a `Validator` to
    validate many candidates against one graph."""
    if isinstance(base, Graph):
        if shapes is None:
            raise ValueError("validate(graph, …) needs shapes=: e.g. load_shapes(root)")
        validator = Validator(base, shapes)
    else:
        validator = Validator.for_store(base, shapes)
    return validator.validate(candidates, lang=lang, full=full)


class _Result:
    """One pyshacl sh:ValidationResult, read out of the report graph."""

    __slots__ = (
        "component",
        "constraint",
        "focus",
        "messages",
        "path",
        "severity",
        "shape",
        "value",
    )

    def __init__(self, focus, path, value, shape, component, severity, messages, constraint):
        self.focus: Node = focus
        self.path: Node | None = path
        self.value: Node | None = value
        self.shape: Node | None = shape
        self.component: Node | None = component
        self.severity = SEVERITIES.get(severity, "Violation")
        self.messages: tuple[Literal, ...] = messages
        self.constraint: Node | None = constraint

    @property
    def key(self) -> tuple:
        return (self.focus, self.path, self.value, self.shape, self.component, self.constraint)


def _run(data: Graph, shapes: Graph) -> dict[tuple, _Result]:
    _install_prepared_queries()
    _PREPARING.active = True
    try:
        _conforms, report, _text = pyshacl.validate(
            data,
            shacl_graph=shapes,
            advanced=True,
            inference="none",
            allow_warnings=True,
            allow_infos=True,
            do_owl_imports=False,
        )
    finally:
        _PREPARING.active = False
    results: dict[tuple, _Result] = {}
    for node in report.subjects(RDF.type, SH.ValidationResult):
        r = _Result(
            report.value(node, SH.focusNode),
            report.value(node, SH.resultPath),
            report.value(node, SH.value),
            report.value(node, SH.sourceShape),
            report.value(node, SH.sourceConstraintComponent),
            report.value(node, SH.resultSeverity),
            tuple(o for o in report.objects(node, SH.resultMessage) if isinstance(o, Literal)),
            report.value(node, SH.sourceConstraint),
        )
        if isinstance(r.path, BNode):
            r.path = _path_in(shapes, r.shape) or r.path
        results[r.key] = r
    return results


# pyshacl runs each SPARQL constraint once per focus node with the same query text, and
# rdflib parses a query string on every call (~30 ms each, most of a validation's time).
# A prepared query is rdflib's documented way to run one query many times with different
# initBindings; while pyshacl runs for us (this thread only), strings become prepared queries.
_PREPARING = threading.local()


@functools.lru_cache(maxsize=256)
def _prepared(text: str, base: str | None, namespaces: tuple) -> object:
    return translateQuery(parseQuery(text), base, dict(namespaces) or None)


def _install_prepared_queries() -> None:
    original = sparql_processor.SPARQLProcessor.query
    if getattr(original, "_kg_prepared", False):
        return

    @functools.wraps(original)
    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):
        if isinstance(strOrQuery, str) and getattr(_PREPARING, "active", False):
            namespaces = tuple(sorted((k, str(v)) for k, v in (initNs or {}).items()))
            strOrQuery = _prepared(strOrQuery, base, namespaces)
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    query._kg_prepared = True  # type: ignore[attr-defined]
    sparql_processor.SPARQLProcessor.query = query  # type: ignore[method-assign]


def _path_in(shapes: Graph, shape: Node | None) -> Node | None:
    # pyshacl copies complex paths as fresh blank nodes; the shape's own path is stable.
    return shapes.value(shape, SH.path) if shape is not None else None


def _message(shapes: Graph, r: _Result, lang: str) -> str:
    """The constraint's own sh:message in `lang`, with {$this} {?path} {?value} filled in.

    pyshacl drops the language tag when it substitutes variables in a SPARQL constraint's
    message, so the template is taken from the shapes graph, not from the result.
    """
    templates: list[Literal] = []
    for source in (r.constraint, r.shape):
        if source is not None:
            templates += [m for m in shapes.objects(source, SH.message) if isinstance(m, Literal)]
    templates += list(r.messages)
    chosen = next((t for t in templates if t.language == lang), None)
    if chosen is None:
        chosen = next((t for t in templates if t.language in LANGUAGES), None)
    text = str(chosen) if chosen is not None else "constraint not met"
    for name, term in (("this", r.focus), ("path", r.path), ("value", r.value)):
        shown = _shown(term)
        text = text.replace("{$" + name + "}", shown).replace("{?" + name + "}", shown)
    return text


def _shown(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return qname(term)
    if isinstance(term, Literal):
        return literal(term)
    return "[]"


class _Locator:
    """Where in the candidates a finding's offending triple is written."""

    def __init__(self, candidates: Sequence[Candidate], origins: dict[Node, Node]) -> None:
        self.candidates = candidates
        self.origins = origins  # focus node → the candidate's node that made it worth checking

    def finding(self, r: _Result) -> Location | None:
        """The triple's line; else where the focus node is described; else, for a node the
        candidate never mentions (a group whose member gained a type), where the candidate
        writes about the node it reached the focus from."""
        if isinstance(r.path, URIRef) and r.value is not None:
            for candidate in self.candidates:
                line = candidate.line_of((r.focus, r.path, r.value))  # type: ignore[arg-type]
                if line is not None:
                    return Location(candidate.name, line)
        for node in (r.focus, self.origins.get(r.focus)):
            if node is None:
                continue
            found = _subject_location(self.candidates, node) or _object_location(
                self.candidates, node
            )
            if found is not None:
                return found
        return None


def _subject_location(candidates: Sequence[Candidate], node: Node) -> Location | None:
    for candidate in candidates:
        line = candidate.subject_line(node)
        if line is not None:
            return Location(candidate.name, line)
    return None


def _object_location(candidates: Sequence[Candidate], node: Node) -> Location | None:
    for candidate in candidates:
        for triple in candidate.triples:
            if triple[2] == node:
                return _location(candidate, triple)
    return None


def _location(candidate: Candidate, triple) -> Location:
    return Location(candidate.name, candidate.line_of(triple))


class _View:
    """Read-only lookups across several graphs (the base and the candidates' additions)."""

    def __init__(self, graphs: Iterable[Graph]) -> None:
        self.graphs = tuple(graphs)

    def __contains__(self, triple) -> bool:
        return any(triple in g for g in self.graphs)

    def labels(self, node: Node) -> list[Literal]:
        return [
            o
            for g in self.graphs
            for p in LABEL_PREDICATES
            for o in g.objects(node, p)
            if isinstance(o, Literal)
        ]

    def described(self, node: Node) -> bool:
        return any(next(g.triples((node, None, None)), None) is not None for g in self.graphs)

    def types(self, node: Node) -> set[Node]:
        return {t for g in self.graphs for t in g.objects(node, RDF.type)}

    def zh_labels(self, node: Node) -> list[Literal]:
        return [label for label in self.labels(node) if (label.language or "").startswith("zh")]

    def label(self, node: Node, lang: str) -> str | None:
        labels = self.labels(node)
        for wanted in (lang, *LANGUAGES):
            for label in labels:
                if (label.language or "").lower().startswith(wanted):
                    return str(label)
        return str(labels[0]) if labels else None


def _label_index(graph: Graph) -> dict[str, set[Node]]:
    """Entities (id: IRIs; vocabulary terms are not entities) by normalized @zh label."""
    index: dict[str, set[Node]] = {}
    for predicate in LABEL_PREDICATES:
        for s, o in graph.subject_objects(predicate):
            if not (isinstance(s, URIRef) and str(s).startswith(str(ID))):
                continue
            if isinstance(o, Literal) and (o.language or "").startswith("zh"):
                index.setdefault(_normal(o), set()).add(s)
    return index


def _same_kind(view: _View, a: Node, b: Node) -> bool:
    """Two nodes may be one thing only if they share a class (or one has none yet):
    the place set 「4地」 and the count 「4地」 share a label, not an identity."""
    types_a, types_b = view.types(a), view.types(b)
    return not types_a or not types_b or bool(types_a & types_b)


def _normal(label: Literal) -> str:
    return "".join(str(label).split())


def _language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: choose one of {', '.join(LANGUAGES)}")
    return lang


def _distinct(findings: list[Finding]) -> list[Finding]:
    """One finding per node, path, value and shape: a string "190000000" breaks both
    sh:datatype and sh:minInclusive of one shape, and the curator needs to read it once."""
    seen: set[tuple] = set()
    kept = []
    for f in findings:
        key = (f.focus, f.path, f.value, f.shape, f.constraint, f.message)
        if key not in seen:
            seen.add(key)
            kept.append(f)
    return kept


_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


def _ordered(findings: list[Finding]) -> list[Finding]:
    def sort_key(f: Finding) -> tuple:
        line = f.location.line if f.location and f.location.line is not None else 0
        file = f.location.file if f.location else ""
        return (file, line, _ORDER[f.severity], str(f.focus), str(f.path), f.message)

    return sorted(findings, key=sort_key)
