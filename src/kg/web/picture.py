"""The neighbourhood picture on an entity page: the node in the middle, its direct links
around it, laid out on a circle. Only coordinates and texts are computed here; the SVG is
written by a Jinja template, so every label is escaped like any other text."""

from __future__ import annotations

import math
from dataclasses import dataclass

WIDTH, HEIGHT = 620, 440
RADIUS = 175
#: Labels wider than this (in px at the picture's 12px type) are cut; the full label is in
#: the node's hover title.
MAX_TEXT_WIDTH = 132
#: Room around a label inside its box, and between a box and the picture's edge.
PADDING, MARGIN = 14, 4
#: Box heights (the template draws them), and the least room between two boxes.
SPOT_HEIGHT, CENTER_HEIGHT = 30, 36
GAP = 10
CENTER_GAP = (76, 34)
#: Vertical room per spot on the ring, so many spots make a taller ring, not a crowd.
RING_STEP = 15
#: Points along an edge (0 at the centre, 1 at the spot) tried for its label, in order.
LABEL_POSITIONS = (0.55, 0.4, 0.7, 0.3, 0.8)


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
    # From the centre box's border to the spot box's border, so arrowheads touch the boxes.
    x1: float
    y1: float
    x2: float
    y2: float
    label: str
    direction: str  # "out": centre → node; "in": node → centre
    lx: float = 0.0  # where the edge label sits
    ly: float = 0.0


@dataclass(frozen=True)
class Picture:
    width: int
    height: int
    center: Spot
    spots: list[Spot]
    edges: list[Edge]


@dataclass
class _Box:
    x: float
    y: float
    width: float
    height: float
    fixed: bool = False


def layout(
    center: tuple[str, str],
    neighbours: list[tuple[str, str, str | None, str, str, str]],
) -> Picture:
    """`center` is (label, title); each neighbour is (label, title, href, kind, edge label,
    direction). Neighbours start evenly spaced on an ellipse from the top, then boxes that
    overlap are pushed apart, and the picture grows as tall as they need."""
    cx, cy = WIDTH / 2, HEIGHT / 2
    middle_text = short(center[0])
    middle = _Box(cx, cy, text_width(middle_text) * 13 / 12 + 2 * PADDING, CENTER_HEIGHT, True)
    count = max(len(neighbours), 1)
    boxes, shown = [], []
    for i, (text, _title, _href, kind, _edge, _direction) in enumerate(neighbours):
        angle = -math.pi / 2 + 2 * math.pi * i / count
        # One ring, taller for many spots (an inner ring would sit on the outer edges).
        ry = max(RADIUS, RING_STEP * count)
        # A group's text ends with its count, which must not be cut off.
        label = text if kind == "group" else short(text)
        width = text_width(label) + PADDING
        x = cx + RADIUS * 1.35 * math.cos(angle)
        y = cy + ry * math.sin(angle)
        boxes.append(_Box(x, y, width, SPOT_HEIGHT))
        shown.append(label)
    _separate([middle, *boxes])
    # Pushed boxes may leave the picture at the top or bottom: it grows as tall as they
    # need (never shorter than HEIGHT), with the boxes centred in it.
    top = min(b.y - b.height / 2 for b in [middle, *boxes]) - MARGIN
    bottom = max(b.y + b.height / 2 for b in [middle, *boxes]) + MARGIN
    height = max(HEIGHT, math.ceil(bottom - top))
    offset = (height - (bottom - top)) / 2 - top
    for box in [middle, *boxes]:
        box.y += offset
    spots, edges = [], []
    taken: list[_Box] = [middle, *boxes]  # what an edge label must not cover
    for (_text, title, href, kind, edge_label, direction), box, label in zip(
        neighbours, boxes, shown, strict=True
    ):
        spots.append(
            Spot(round(box.x, 1), round(box.y, 1), label, title, href, kind, round(box.width, 1))
        )
        x1, y1 = _border(middle, box.x, box.y)
        x2, y2 = _border(box, middle.x, middle.y)
        text = short(edge_label)
        lx, ly = _label_spot(text, (x1, y1, x2, y2), taken)
        edges.append(
            Edge(
                round(x1, 1),
                round(y1, 1),
                round(x2, 1),
                round(y2, 1),
                text,
                direction,
                round(lx, 1),
                round(ly, 1),
            )
        )
    centre = Spot(
        round(middle.x, 1),
        round(middle.y, 1),
        middle_text,
        center[0] or center[1],
        None,
        "center",
        middle.width,
    )
    return Picture(WIDTH, height, centre, spots, edges)


def _label_spot(
    text: str, line: tuple[float, float, float, float], taken: list[_Box]
) -> tuple[float, float]:
    """Where on its edge a label goes: the first of a few points along it (nearer the spot
    first, where edges are further apart) whose label covers no box and no earlier label.
    The chosen label's box is added to `taken`. The text's baseline is 3px above the line."""
    x1, y1, x2, y2 = line
    width, height = text_width(text) * 10 / 12 + 4, 12.0  # edge labels are 10px type
    first = None
    for t in LABEL_POSITIONS:
        box = _Box(x1 + (x2 - x1) * t, y1 + (y2 - y1) * t - 6, width, height)
        first = first or box
        if not any(_overlap(box, other) for other in taken):
            break
    else:
        box = first  # nowhere free: the middle choice, drawn with its halo over the rest
    assert box is not None
    taken.append(box)
    return box.x, box.y + 3


def _overlap(a: _Box, b: _Box) -> bool:
    return abs(a.x - b.x) < (a.width + b.width) / 2 and abs(a.y - b.y) < (a.height + b.height) / 2


def _separate(boxes: list[_Box], rounds: int = 300) -> None:
    """Push overlapping boxes apart (keeping GAP between them, CENTER_GAP from the centre)
    along the axis that needs the smaller move, inside the picture's width; fixed boxes
    (the centre) do not move."""
    for _ in range(rounds):
        moved = False
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                # Around the centre, room for an edge label on even the shortest edge.
                gap_x, gap_y = CENTER_GAP if a.fixed or b.fixed else (GAP, GAP)
                over_x = (a.width + b.width) / 2 + gap_x - abs(a.x - b.x)
                over_y = (a.height + b.height) / 2 + gap_y - abs(a.y - b.y)
                if over_x <= 0 or over_y <= 0:
                    continue
                moved = True
                share = 1.0 if a.fixed or b.fixed else 0.5
                if over_y <= over_x:
                    step = (over_y + 0.5) * share * (1 if b.y >= a.y else -1)
                    if not a.fixed:
                        a.y -= step
                    if not b.fixed:
                        b.y += step
                else:
                    step = (over_x + 0.5) * share * (1 if b.x >= a.x else -1)
                    if not a.fixed:
                        a.x -= step
                    if not b.fixed:
                        b.x += step
        for box in boxes:
            box.x = min(max(box.x, box.width / 2 + MARGIN), WIDTH - box.width / 2 - MARGIN)
        if not moved:
            return


def _border(box: _Box, towards_x: float, towards_y: float) -> tuple[float, float]:
    """Where the line from the box's centre towards a point leaves the box."""
    dx, dy = towards_x - box.x, towards_y - box.y
    if dx == 0 and dy == 0:
        return box.x, box.y
    scale = min(
        (box.width / 2) / abs(dx) if dx else math.inf,
        (box.height / 2) / abs(dy) if dy else math.inf,
    )
    scale = min(scale, 1.0)
    return box.x + dx * scale, box.y + dy * scale


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
