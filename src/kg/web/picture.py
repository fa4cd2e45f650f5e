"""The neighbourhood picture on an entity page: the node in the middle, its direct links
around it, laid out on a circle. Only coordinates and texts are computed here; the SVG is
written by a Jinja template, so every label is escaped like any other text."""

from __future__ import annotations

import math
from dataclasses import dataclass

WIDTH, HEIGHT = 620, 440
RADIUS = 175
INNER = 0.62
#: Labels wider than this (in px at the picture's 12px type) are cut; the full label is in
#: the node's hover title.
MAX_TEXT_WIDTH = 132
#: Room around a label inside its box, and between a box and the picture's edge.
PADDING, MARGIN = 14, 4


@dataclass(frozen=True)
class Spot:
    x: float
    y: float
    text: str
    title: str
    href: str | None
    kind: str  # "center", "entity", "nary", "group"
    width: float = 124.0  # of the box, fitted to the text


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
    middle_text = short(center[0])
    middle = Spot(
        cx,
        cy,
        middle_text,
        center[0] or center[1],
        None,
        "center",
        text_width(middle_text) * 13 / 12 + 2 * PADDING,
    )
    spots, edges = [], []
    count = max(len(neighbours), 1)
    for i, (text, title, href, kind, edge_label, direction) in enumerate(neighbours):
        angle = -math.pi / 2 + 2 * math.pi * i / count
        # Many spots: every other one on an inner ring, so neighbours do not overlap.
        ring = INNER if count > 10 and i % 2 else 1.0
        x = round(cx + RADIUS * 1.35 * ring * math.cos(angle), 1)
        y = round(cy + RADIUS * ring * math.sin(angle), 1)
        # A group's text ends with its count, which must not be cut off.
        shown = text if kind == "group" else short(text)
        width = text_width(shown) + PADDING
        # Keep every box inside the picture.
        x = min(max(x, width / 2 + MARGIN), WIDTH - width / 2 - MARGIN)
        spots.append(Spot(x, y, shown, title, href, kind, round(width, 1)))
        edges.append(Edge(cx, cy, x, y, short(edge_label), direction))
    return Picture(WIDTH, HEIGHT, middle, spots, edges)


def text_width(text: str) -> float:
    """About how wide `text` is at 12px: CJK characters are square, Latin ones narrower."""
    return sum(12.0 if ord(c) >= 0x2E80 else 6.8 for c in text)


def short(text: str, limit: float = MAX_TEXT_WIDTH) -> str:
    """`text`, cut with "…" to fit `limit` px."""
    if text_width(text) <= limit:
        return text
    cut = ""
    for c in text:
        if text_width(cut + c + "…") > limit:
            break
        cut += c
    return cut + "…"
