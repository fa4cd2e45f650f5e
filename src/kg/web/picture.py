"""The neighbourhood picture on an entity page: the node in the middle, its direct links
around it, laid out on a circle. Only coordinates and texts are computed here; the SVG is
written by a Jinja template, so every label is escaped like any other text."""

from __future__ import annotations

import math
from dataclasses import dataclass

WIDTH, HEIGHT = 620, 440
RADIUS = 175
INNER = 0.62
#: Labels longer than this are cut (the full label is in the node's hover title).
MAX_LABEL = 14


@dataclass(frozen=True)
class Spot:
    x: float
    y: float
    text: str
    title: str
    href: str | None
    kind: str  # "center", "entity", "nary", "group"


@dataclass(frozen=True)
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    label: str
    direction: str  # "out": centre → node; "in": node → centre


@dataclass(frozen=True)
class Picture:
    width: int
    height: int
    center: Spot
    spots: list[Spot]
    edges: list[Edge]


def layout(
    center: tuple[str, str],
    neighbours: list[tuple[str, str, str | None, str, str, str]],
) -> Picture:
    """`center` is (label, title); each neighbour is (label, title, href, kind, edge label,
    direction). Neighbours are spaced evenly on a circle, starting at the top."""
    cx, cy = WIDTH / 2, HEIGHT / 2
    middle = Spot(cx, cy, short(center[0]), center[0] or center[1], None, "center")
    spots, edges = [], []
    count = max(len(neighbours), 1)
    for i, (text, title, href, kind, edge_label, direction) in enumerate(neighbours):
        angle = -math.pi / 2 + 2 * math.pi * i / count
        # Many spots: every other one on an inner ring, so neighbours do not overlap.
        ring = INNER if count > 10 and i % 2 else 1.0
        x = round(cx + RADIUS * 1.35 * ring * math.cos(angle), 1)
        y = round(cy + RADIUS * ring * math.sin(angle), 1)
        # A group's text ends with its count, which must not be cut off.
        spots.append(Spot(x, y, text if kind == "group" else short(text), title, href, kind))
        edges.append(Edge(cx, cy, x, y, short(edge_label), direction))
    return Picture(WIDTH, HEIGHT, middle, spots, edges)


def short(text: str, limit: int = MAX_LABEL) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
