"""Draw the ontology as an SVG class diagram, straight from `ontology/ontology.ttl`.

No layout engine is needed: the diagram is a set of panels, one per reused class that our
classes refine (org:Organization, schema:Place, prov:Activity …). In a panel, each dra:
class is a box under its superclass, indented by depth, listing the properties whose
`rdfs:domain` it is (``name → range``). Properties whose domain is owl:Thing get their own
panel, and each concept scheme a panel listing its concepts. Panels are packed into columns,
shortest column first, so the output is deterministic for a given ontology.

Run: ``python -m kg.diagram [ontology/ontology.ttl] [ontology/diagram.svg]`` (``make diagram``).
"""

from __future__ import annotations

import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from rdflib import Graph, Literal, URIRef

from kg.namespaces import DRA, OWL, PREFIXES, RDF, RDFS, SKOS

FONT = 12
LINE = 16
PAD = 8
INDENT = 18
COLUMN_WIDTH = 430
COLUMNS = 4
GAP = 16
DRA_FILL, REUSED_FILL, SCHEME_FILL = "#dbe9f8", "#eeeeee", "#f6efd9"
# The title, Chinese first then English: the SVG is one file for both interfaces (the site
# captions it in the interface language, ontology.diagram.caption in kg.web.i18n).
TITLE = (
    "dra: 本体 — 类列在其细化的复用类之下（缩进 = rdfs:subClassOf），"
    "属性按 rdfs:domain 归入各类（名称 → rdfs:range），以及各概念体系",
    "dra: ontology — classes under the reused classes they refine (indent = rdfs:subClassOf), "
    "properties by rdfs:domain (name → rdfs:range), concept schemes",
)
TITLE_LINE = FONT + 7


@dataclass
class Box:
    title: str
    subtitle: str
    lines: list[str]
    depth: int
    fill: str


@dataclass
class Panel:
    boxes: list[Box] = field(default_factory=list)

    def height(self) -> int:
        return sum(box_height(b) + 6 for b in self.boxes) + GAP


def box_height(box: Box) -> int:
    return LINE * (1 + len(box.lines)) + PAD + (LINE if box.subtitle else 0)


def curie(term: URIRef) -> str:
    for prefix, base in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if str(term).startswith(base):
            return f"{prefix}:{str(term)[len(base) :]}"
    return f"<{term}>"


def label(graph: Graph, term: URIRef, lang: str) -> str:
    for p in (RDFS.label, SKOS.prefLabel):
        for o in graph.objects(term, p):
            if isinstance(o, Literal) and o.language == lang:
                return str(o)
    return ""


def text_width(text: str) -> float:
    """Approximate rendered width: CJK characters are about twice as wide as Latin ones."""
    wide = sum(1 for ch in text if unicodedata.east_asian_width(ch) in "WF")
    return FONT * (0.6 * (len(text) - wide) + 1.0 * wide)


def fit(text: str, width: float) -> str:
    if text_width(text) <= width:
        return text
    while text and text_width(text + "…") > width:
        text = text[:-1]
    return text + "…"


def ours(term: object) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(str(DRA._NS))


def panels(graph: Graph) -> list[Panel]:
    classes = sorted(s for s in graph.subjects(RDF.type, OWL.Class) if ours(s))
    props = sorted(
        s
        for t in (OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in graph.subjects(RDF.type, t)
        if ours(s)
    )
    by_domain: dict[URIRef, list[URIRef]] = {}
    for p in props:
        by_domain.setdefault(graph.value(p, RDFS.domain), []).append(p)

    def prop_lines(domain: URIRef) -> list[str]:
        return [
            f"{curie(p)} → {curie(graph.value(p, RDFS.range))}" for p in by_domain.get(domain, [])
        ]

    parent = {c: graph.value(c, RDFS.subClassOf) for c in classes}
    children: dict[URIRef, list[URIRef]] = {}
    for c, sup in parent.items():
        children.setdefault(sup, []).append(c)
    roots = sorted({sup for sup in parent.values() if not ours(sup)})
    roots += sorted(d for d in by_domain if d not in roots and not ours(d) and d != OWL.Thing)

    def subtree(node: URIRef, depth: int, out: list[Box]) -> None:
        mine = ours(node)
        out.append(
            Box(
                curie(node),
                f"{label(graph, node, 'zh')} · {label(graph, node, 'en')}" if mine else "",
                prop_lines(node),
                depth,
                DRA_FILL if mine else REUSED_FILL,
            )
        )
        for child in sorted(children.get(node, [])):
            subtree(child, depth + 1, out)

    result = []
    for root in roots:
        panel = Panel()
        subtree(root, 0, panel.boxes)
        result.append(panel)
    result.append(
        Panel([Box("owl:Thing", "任意节点 · any node", prop_lines(OWL.Thing), 0, REUSED_FILL)])
    )
    for scheme in sorted(s for s in graph.subjects(RDF.type, SKOS.ConceptScheme) if ours(s)):
        concepts = sorted(c for c in graph.subjects(SKOS.inScheme, scheme))
        lines = [f"{curie(c)} {label(graph, c, 'zh')}" for c in concepts]
        subtitle = f"skos:ConceptScheme · {label(graph, scheme, 'zh')} · {len(concepts)} 个概念 · {len(concepts)} concepts"
        result.append(Panel([Box(curie(scheme), subtitle, lines, 0, SCHEME_FILL)]))
    return result


def render(graph: Graph) -> str:
    columns: list[list[Panel]] = [[] for _ in range(COLUMNS)]
    heights = [0] * COLUMNS
    for panel in sorted(panels(graph), key=lambda p: -p.height()):
        i = heights.index(min(heights))
        columns[i].append(panel)
        heights[i] += panel.height()
    width = COLUMNS * (COLUMN_WIDTH + GAP) + GAP
    top = GAP + len(TITLE) * TITLE_LINE  # below the title lines
    height = max(heights) + top + 2 * GAP
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Noto Sans CJK SC, sans-serif" '
        f'font-size="{FONT}">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
    ]
    for n, title in enumerate(TITLE):
        out.append(
            f'<text x="{GAP}" y="{GAP + FONT + n * TITLE_LINE}" font-size="{FONT + 3}" '
            f'font-weight="bold">{escape(title)}</text>'
        )
    for i, column in enumerate(columns):
        x0 = GAP + i * (COLUMN_WIDTH + GAP)
        y = top + GAP
        for panel in column:
            for box in panel.boxes:
                x = x0 + box.depth * INDENT
                w = COLUMN_WIDTH - box.depth * INDENT
                h = box_height(box)
                out.append(
                    f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="4" '
                    f'fill="{box.fill}" stroke="#555"/>'
                )
                ty = y + LINE
                out.append(
                    f'<text x="{x + PAD}" y="{ty}" font-weight="bold">'
                    f"{escape(fit(box.title, w - 2 * PAD))}</text>"
                )
                if box.subtitle:
                    ty += LINE
                    out.append(
                        f'<text x="{x + PAD}" y="{ty}" fill="#333">'
                        f"{escape(fit(box.subtitle, w - 2 * PAD))}</text>"
                    )
                for line in box.lines:
                    ty += LINE
                    out.append(
                        f'<text x="{x + PAD + 4}" y="{ty}">{escape(fit(line, w - 2 * PAD - 4))}</text>'
                    )
                y += h + 6
            y += GAP
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    source = Path(args[0]) if args else Path("ontology/ontology.ttl")
    target = Path(args[1]) if len(args) > 1 else source.with_name("diagram.svg")
    graph = Graph().parse(source, format="turtle")
    target.write_text(render(graph), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
