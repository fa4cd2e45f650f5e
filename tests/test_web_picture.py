"""kg.web.picture: the neighbourhood picture's boxes do not overlap and stay inside it."""

from __future__ import annotations

import html
import re

import pytest

from kg.web.picture import WIDTH, layout


def _boxes(picture):
    boxes = [(s.x, s.y, s.width, 30.0) for s in picture.spots]
    boxes.append((picture.center.x, picture.center.y, picture.center.width, 36.0))
    return boxes


def _overlapping(boxes):
    return [
        (a, b)
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if abs(a[0] - b[0]) < (a[2] + b[2]) / 2 and abs(a[1] - b[1]) < (a[3] + b[3]) / 2
    ]


@pytest.mark.parametrize("count", [1, 4, 11, 20])
def test_boxes_never_overlap_and_stay_inside(count):
    neighbours = [
        (f"一个相当长的邻居名称第{i}号", f"t{i}", f"/id/n{i}", "entity", "关系", "out")
        for i in range(count)
    ]
    picture = layout(("住房和城乡建设部定点帮扶", "c"), neighbours)
    boxes = _boxes(picture)
    assert _overlapping(boxes) == []
    for x, y, width, height in boxes:
        assert width / 2 <= x <= WIDTH - width / 2
        assert height / 2 <= y <= picture.height - height / 2


def test_edges_run_from_border_to_border():
    picture = layout(("中心", "c"), [("上", "t", None, "entity", "p", "out")])
    (edge,), spot, centre = picture.edges, picture.spots[0], picture.center
    # The spot is straight above the centre: the edge leaves the centre's top edge and
    # ends at the spot's bottom edge, so the arrowhead touches the box, not its middle.
    assert edge.x1 == edge.x2 == centre.x
    assert edge.y1 == pytest.approx(centre.y - 18)
    assert edge.y2 == pytest.approx(spot.y + 15)


def test_the_busiest_page_has_no_overlapping_boxes(client):
    body = html.unescape(client.get("/id/mohurd", headers={"Accept": "text/html"}).text)
    svg = body[body.index('<svg class="neighbourhood"') : body.index("</svg>")]
    rects = [
        (float(x) + float(w) / 2, float(y) + float(h) / 2, float(w), float(h))
        for x, y, w, h in re.findall(
            r'<rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)" height="([\d.]+)"', svg
        )
    ]
    assert len(rects) > 10
    assert _overlapping(rects) == []
