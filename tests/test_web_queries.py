"""Saved-query pages: the form, the table, downloads by suffix and by Accept, permalinks,
the chart beside aggregate answers. Expected rows are the article's (line 22)."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from decimal import Decimal

from rdflib import Literal, URIRef

from kg.namespaces import ID, XSD
from kg.store import QueryResult
from kg.web.display import readable_amount
from kg.web.tables import as_year, chart, visible_columns, year_columns

HTML = {"Accept": "text/html"}
HONGAN_UNITS = {"住房保障司", "中国城市规划设计研究院", "中国建筑业协会"}


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_query_list_grouped_by_tag(client):
    body = text(client.get("/queries", headers=HTML))
    assert re.search(r"<h3 class=\"tag\">帮扶组</h3>", body)
    assert 'href="/queries/group-composition"' in body
    assert "帮扶组的组成" in body


def test_query_page_form_has_choices_from_the_data(client):
    body = text(client.get("/queries/group-composition", headers=HTML))
    select = body[body.index('id="param-group"') : body.index("</select>")]
    options = re.findall(r'<option value="([^"]*)"', select)
    # Values are the short forms a permalink carries (the bare slug of our instances).
    assert "hongan-group" in options and "datong-group" in options
    assert "红安帮扶组" in select


def test_query_with_a_parameter_shows_only_its_rows(client):
    body = text(
        client.get(
            "/queries/group-composition", query_string={"group": "hongan-group"}, headers=HTML
        )
    )
    table = body[body.index('id="results"') : body.index("</table>", body.index('id="results"'))]
    assert body.count('id="results"') == 1
    rows = table.count("<tr>") - 1
    assert rows == 3  # 1 leader unit + 1 affiliated unit + 1 association
    assert re.search(r'id="row-count">3<', body)
    for unit in HONGAN_UNITS:
        assert unit in table
    assert "麻城帮扶组" not in table
    assert 'href="/id/housing-security-department"' in table  # entities link to their pages
    assert re.search(r'id="query-time">[0-9.]+<', body)
    # The option chosen stays selected, and the permalink carries the parameter.
    assert re.search(r'<option value="[^"]*hongan-group" selected>', body)
    permalink = re.search(r'id="permalink" href="([^"]+)"', body).group(1)
    assert "group=hongan-group" in permalink
    # A full IRI in the URL selects the same option.
    full = text(
        client.get(
            "/queries/group-composition",
            query_string={"group": str(ID["hongan-group"])},
            headers=HTML,
        )
    )
    assert re.search(r'<option value="hongan-group" selected>', full)


def test_label_columns_are_folded_into_entity_links(client):
    body = text(client.get("/queries/group-composition", headers=HTML))
    head = body[body.index('id="results"') : body.index("</thead>")]
    assert re.search(r'<th[^>]*data-variable="unit"[^>]*>', head) and "unitLabel" not in head


def _headers(body: str) -> list[str]:
    head = body[body.index('id="results"') : body.index("</thead>")]
    return re.findall(r"<th[^>]*>([^<]*)</th>", head)


def test_result_columns_have_human_headers_in_the_interface_language(client):
    # The query's `#+ columns:` header, not the SPARQL variable names (group, unitKind).
    zh = text(client.get("/queries/group-composition", headers=HTML))
    assert _headers(zh) == ["帮扶组", "地方", "角色", "单位", "单位类型"]
    assert 'data-variable="unitKind" title="?unitKind"' in zh  # the variable on hover
    client.set_cookie("lang", "en")
    en = text(client.get("/queries/group-composition", headers=HTML))
    assert _headers(en) == ["Assistance group", "Place", "Role", "Unit", "Kind of unit"]


def test_downloads_keep_the_variable_names(client):
    body = client.get("/queries/group-composition.csv").get_data(as_text=True)
    assert body.splitlines()[0].startswith("group,groupLabel,place,placeLabel,role")


def test_the_chart_is_titled_by_the_column_header(client):
    body = text(client.get("/queries/measures-by-category", headers=HTML))
    caption = re.search(r"<figcaption>([^<]*)</figcaption>", body).group(1)
    assert "金额合计" in caption and "money" not in caption


def test_a_saved_query_run_unchanged_on_sparql_keeps_its_headers(app, client):
    query = app.extensions["kg"].catalog.get("group-composition")
    # As a browser's textarea sends it: CRLF line ends.
    sent = query.text.replace("\n", "\r\n")
    body = text(client.get("/sparql", query_string={"query": sent, "format": "html"}))
    head = _headers(body)
    assert head[:2] == ["帮扶组", "帮扶组名称"] and "单位类型" in head
    edited = query.text.replace("ORDER BY", "# edited\nORDER BY")
    body = text(client.get("/sparql", query_string={"query": edited, "format": "html"}))
    assert _headers(body)[:2] == ["group", "groupLabel"]


def test_sparql_shown_on_request(client):
    body = text(client.get("/queries/group-composition", headers=HTML))
    assert '<details id="sparql">' in body and "SELECT ?group" in body
    body = text(client.get("/queries/group-composition?sparql=1", headers=HTML))
    assert '<details id="sparql" open>' in body


def test_csv_download_by_suffix_and_by_accept(client):
    for response in (
        client.get("/queries/group-composition.csv?group=hongan-group"),
        client.get("/queries/group-composition?group=hongan-group", headers={"Accept": "text/csv"}),
    ):
        assert response.status_code == 200
        assert response.mimetype == "text/csv"
        rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
        assert {r["unitLabel"] for r in rows} == HONGAN_UNITS
        assert {r["unit"] for r in rows} >= {str(ID["housing-security-department"])}


def test_json_download_by_suffix_and_by_accept(client):
    for response in (
        client.get("/queries/group-composition.json?group=hongan-group"),
        client.get(
            "/queries/group-composition?group=hongan-group",
            headers={"Accept": "application/sparql-results+json"},
        ),
    ):
        assert response.status_code == 200
        document = json.loads(response.get_data(as_text=True))
        assert "unit" in document["head"]["vars"]
        labels = {b["unitLabel"]["value"] for b in document["results"]["bindings"]}
        assert labels == HONGAN_UNITS


def test_bad_parameter_is_explained_not_run(client):
    body = text(
        client.get(
            "/queries/group-composition", query_string={"group": "hongan-county"}, headers=HTML
        )
    )
    assert 'id="query-error"' in body
    assert "hongan-county" in body
    assert 'id="results"' not in body
    response = client.get("/queries/group-composition.csv?group=hongan-county")
    assert response.status_code == 400


def test_injection_in_a_parameter_changes_nothing(client):
    body = text(
        client.get(
            "/queries/group-composition",
            query_string={"group": "x> } UNION { ?s ?p ?o } #"},
            headers=HTML,
        )
    )
    assert 'id="query-error"' in body and 'id="results"' not in body


def test_unknown_query_is_404(client):
    response = client.get("/queries/no-such-query", headers=HTML)
    assert response.status_code == 404
    assert "找不到这个页面" in text(response)


def test_amounts_read_in_yi_and_wan():
    assert readable_amount(Decimal("190000000"), "zh") == "1.9亿元"
    assert readable_amount(Decimal("45000000"), "zh") == "4500万元"
    assert readable_amount(Decimal("4614000000"), "zh") == "46.14亿元"
    assert readable_amount(Decimal("60000"), "zh") == "6万元"
    assert readable_amount(Decimal("9517"), "zh") == "9,517元"
    assert readable_amount(Decimal("190000000"), "en") == "¥190 million"
    assert readable_amount(Decimal("4420000"), "en") == "¥4.42 million"


def test_visible_columns_drop_label_twins_only():
    assert visible_columns(["place", "placeLabel", "total", "noteLabel"]) == [0, 2, 3]


def test_chart_for_an_aggregate_answer(app):
    amount = XSD.decimal
    result = QueryResult(
        "select",
        variables=["place", "amount"],
        rows=[
            (ID["hongan-county"], Literal("100000", datatype=amount)),
            (ID["datong-county"], Literal("60000", datatype=amount)),
        ],
    )
    with app.test_request_context("/"):
        drawn = chart(result, "zh")
    assert drawn is not None
    assert [b.label for b in drawn.bars] == ["红安县", "大通县"]
    assert [b.text for b in drawn.bars] == ["10万元", "6万元"]
    assert drawn.bars[0].width > drawn.bars[1].width
    # Not an aggregate: no number column.
    plain = QueryResult("select", variables=["place"], rows=[(URIRef(ID["hongan-county"]),)])
    with app.test_request_context("/"):
        assert chart(plain, "zh") is None


def test_aggregate_page_has_a_chart_and_readable_money(client):
    body = text(client.get("/queries/measures-by-place", headers=HTML))
    assert 'id="chart"' in body
    figure = body[body.index('id="chart"') : body.index("</figure>")]
    labels = re.findall(r'class="bar-label">([^<]+)<', figure)
    assert sorted(labels) == sorted(["红安县", "麻城市", "湟中区", "大通县"])
    # Each bar's exact value (on hover) is the money column of the CSV, and reads in 亿.
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/queries/measures-by-place.csv").get_data(as_text=True))
        )
    )
    exact = {r["placeLabel"]: r["money"] for r in rows}
    for label, value, shown in re.findall(
        r"<title>([^:<]+): ([0-9.]+)</title>.*?class=\"bar-value\">([^<]+)<", figure, re.S
    ):
        assert Decimal(value) == Decimal(exact[label])
        assert shown.endswith("亿元")
    table = body[body.index('id="results"') :]
    assert re.search(r'class="term amount" title="[0-9.]+">[0-9.]+亿元<', table)


def test_no_chart_for_a_plain_list(client):
    body = text(client.get("/queries/group-composition", headers=HTML))
    assert 'id="chart"' not in body


def test_missing_required_parameter_is_asked_for(client):
    body = text(client.get("/queries/quantities", headers=HTML))
    assert 'id="query-error"' in body and "缺少必填参数" in body
    assert 'id="param-unit"' in body  # the form is there to fill it in
    assert 'id="results"' not in body


def test_a_query_stopped_by_the_time_limit_keeps_the_form(client, monkeypatch):
    import kg.web.queries
    from kg.gate import QueryTimeout

    def slow(*args, **kwargs):
        raise QueryTimeout(5.0)

    monkeypatch.setattr(kg.web.queries, "run_query", slow)
    body = text(
        client.get(
            "/queries/group-composition", query_string={"group": "hongan-group"}, headers=HTML
        )
    )
    assert "查询超时" in body
    assert re.search(r'<option value="[^"]*hongan-group" selected>', body)


def test_query_lists_name_parameters_by_their_labels(client):
    zh = text(client.get("/queries", headers=HTML))
    item = zh[zh.index('href="/queries/group-composition"') :]
    item = item[: item.index("</li>")]
    assert '<span class="params">（帮扶组）</span>' in item
    client.set_cookie("lang", "en")
    en = text(client.get("/queries", headers=HTML))
    item = en[en.index('href="/queries/group-composition"') :]
    assert '<span class="params">(Assistance group)</span>' in item[: item.index("</li>")]


def test_no_chart_of_line_numbers(client):
    # quotes has numbers (the line a quotation starts on) but counts and sums nothing.
    body = text(client.get("/queries/quotes", headers=HTML))
    assert 'id="results"' in body and 'id="chart"' not in body


def test_only_counted_or_summed_columns_are_charted():
    from kg.web.tables import aggregate_columns

    sparql = (
        "SELECT ?p (COUNT(DISTINCT ?m) AS ?measures) (SUM(COALESCE(?v, 0)) AS ?money)"
        " (MIN(?line) AS ?first) WHERE { ?m ?p ?v } GROUP BY ?p HAVING(COUNT(?m) > 0)"
    )
    assert aggregate_columns(sparql) == {"measures", "money"}


def test_true_and_false_read_as_yes_and_no(client):
    # Line 15: 张小宏's words are quoted verbatim (direct speech: true).
    body = text(client.get("/queries/quotes", headers=HTML))
    table = body[body.index('id="results"') :]
    assert re.search(r'<span class="term literal" title="true">是</span>', table)
    assert re.search(r'<span class="term literal" title="false">否</span>', table)
    assert ">true<" not in table and ">false<" not in table


def test_code_values_read_in_the_interface_language(client):
    # entity-facts says "in"/"out" for programs; a reader sees 入/出 (the value on hover).
    body = text(client.get("/queries/entity-facts?entity=suerji-village", headers=HTML))
    table = body[body.index('id="results"') :]
    assert '<span class="term literal code" title="in">入</span>' in table
    assert '<span class="term literal code" title="out">出</span>' in table
    assert ">in<" not in table and ">out<" not in table
    csv_text = client.get("/queries/entity-facts.csv?entity=suerji-village").text
    assert ",in," in csv_text and ",out," in csv_text  # downloads keep the codes


def test_a_figure_in_yuan_reads_as_money_beside_its_currency(client):
    # Line 51: 湖北麻一建设有限公司 has paid 1.35亿元 in tax; line 47: 近2000人 stay persons.
    body = text(client.get("/queries/observations", headers=HTML))
    table = body[body.index('id="results"') :]
    assert '<span class="term amount" title="135000000">1.35亿元</span>' in table
    assert re.search(r'<span class="term number" title="2000">2,000</span>', table)
    assert "47元" not in table  # the line number is not money


def test_timeline_dates_stay_whole_and_names_are_not_repeated(client):
    # Line 1: the commendation conference of 2021-02-25.
    body = text(client.get("/queries/timeline", headers=HTML))
    table = body[body.index('id="results"') :]
    assert '<span class="term date">2021-02-25</span>' in table
    assert "名称" not in _headers(body)  # the label is the link in 事项, not a column again


def test_timeline_year_column_holds_each_rows_year_as_written(client):
    # Line 47: December 2019; line 80: November 2020 to March 2021; line 1: 2021-02-25.
    # Without a year the column is each row's own year, not the empty echo of the form.
    body = text(client.get("/queries/timeline", headers=HTML))
    table = body[body.index('id="results"') : body.index("</table>")]
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td>", table)
    assert rows, "the timeline has rows"
    for year, date in rows:
        written = re.sub(r"<[^>]+>", "", year)
        assert re.fullmatch(r"\d{4}", written), f"year cell {year!r}"
        assert re.sub(r"<[^>]+>", "", date).startswith(written)
    assert {re.sub(r"<[^>]+>", "", y) for y, _ in rows} == {"2019", "2020", "2021"}
    assert "2,0" not in table  # a year is not grouped like a count
    one_year = text(client.get("/queries/timeline?year=2020", headers=HTML))
    table = one_year[one_year.index('id="results"') : one_year.index("</table>")]
    assert "青海西宁非物质文化遗产精品展" in table and "2019-12" not in table


def test_year_columns_are_shown_as_written():
    assert year_columns(["year", "startYear", "date", "line", "yearly"]) == {"year", "startYear"}
    assert str(as_year(Literal(2021, datatype=XSD.integer))) == "2021"
    assert as_year(Literal(2021, datatype=XSD.integer)).datatype is None
    assert as_year(Literal("2021-06")) == Literal("2021-06")
    assert as_year(None) is None
