"""The saved-query catalogue: strict header loading, parameter binding, injection.

Runs on the small graph in tests/fixtures/queries/ (its own ontology, data and queries), on
both engines. The real queries' answers are checked in test_queries_golden.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from kg.namespaces import ID
from kg.queries import (
    Catalog,
    ParameterError,
    QueryDefinitionError,
    UnknownQuery,
    load_catalog,
    load_query,
    parse_iri,
)
from kg.store import ENGINES, Store, open_store

FIXTURE = Path(__file__).parent / "fixtures" / "queries"
DRA = "https://dra.example.org/ontology#"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(FIXTURE)


@pytest.fixture(scope="module", params=ENGINES)
def store(request: pytest.FixtureRequest) -> Store:
    return open_store(FIXTURE, request.param)


def rows(result) -> list[tuple[str | None, ...]]:
    return [tuple(None if t is None else str(t) for t in row) for row in result.rows]


# --- loading -------------------------------------------------------------------------------


def test_catalog_lists_queries_by_id_with_their_metadata(catalog: Catalog) -> None:
    ids = [q.id for q in catalog.queries]
    assert ids == sorted(ids)
    assert "villages-in-county" in ids
    query = catalog.get("villages-in-county")
    assert query.title == {"zh": "某县的村", "en": "Villages of a county"}
    assert query.description["en"] == "The villages of one county, by name."
    assert query.tags == ["places"]
    assert query.kind == "select"
    assert query.ordered is True
    assert catalog.get("villages-per-county").ordered is False
    [county] = query.parameters
    assert (county.name, county.type, county.required) == ("county", "iri", True)
    assert county.cls == URIRef(DRA + "County")
    assert county.label == {"zh": "县", "en": "County"}


def test_parameter_defaults_and_types_are_read(catalog: Catalog) -> None:
    minimum, since = catalog.get("measures-filtered").parameters
    assert (minimum.type, minimum.default, minimum.required) == ("integer", "0", False)
    assert (since.type, since.default) == ("date", None)
    [name] = catalog.get("entity-by-label").parameters
    assert (name.type, name.lang) == ("langliteral", "zh")


def test_unknown_query_id_is_an_error_naming_it(catalog: Catalog) -> None:
    with pytest.raises(UnknownQuery, match="no-such-query"):
        catalog.get("no-such-query")


GOOD_HEADER = "#+ title: {zh: 标题, en: Title}\n"
GOOD_BODY = "SELECT ?s WHERE { ?s ?p ?o }\n"
PARAM = (
    "#+ parameters:\n"
    "#+   - name: place\n"
    "#+     type: iri\n"
    "#+     class: dra:County\n"
    "#+     label: {zh: 地方, en: Place}\n"
)
PREFIX = "PREFIX dra: <https://dra.example.org/ontology#>\n"

# (what is wrong, file text, line the error must name, words the message must hold)
BAD_QUERIES = [
    ("no header", GOOD_BODY, 1, "no `#+` header"),
    ("empty header", "#+\n#+ \n" + GOOD_BODY, 1, "header is empty"),
    ("header not a mapping", "#+ - title\n" + GOOD_BODY, 1, "must be a mapping"),
    ("no space after #+", "#+title: {zh: 标题, en: Title}\n" + GOOD_BODY, 1, "a space after"),
    ("malformed yaml", "#+ title: {zh: 标题, en: Title\n" + GOOD_BODY, 2, "not valid YAML"),
    ("unknown key", GOOD_HEADER + "#+ summary: old grlc key\n" + GOOD_BODY, 2, "unknown key"),
    ("duplicate key", GOOD_HEADER + "#+ title: {zh: 二, en: Two}\n" + GOOD_BODY, 2, "twice"),
    ("missing title", "#+ tags: [x]\n" + GOOD_BODY, 1, "'title'"),
    ("title lacks en", "#+ title: {zh: 标题}\n" + GOOD_BODY, 1, "'en'"),
    ("tags not a list", GOOD_HEADER + "#+ tags: places\n" + GOOD_BODY, 2, "must be a list"),
    (
        "unknown parameter key",
        GOOD_HEADER
        + PARAM
        + "#+     enumerate: true\n"
        + PREFIX
        + "SELECT ?place WHERE { ?s ?p $place }\n",
        7,
        "unknown key 'enumerate'",
    ),
    (
        "unknown type",
        GOOD_HEADER
        + PARAM.replace("type: iri", "type: uri")
        + PREFIX
        + "SELECT ?place WHERE { ?s ?p $place }\n",
        4,
        "unknown type 'uri'",
    ),
    (
        "iri without class",
        GOOD_HEADER
        + PARAM.replace("#+     class: dra:County\n", "")
        + PREFIX
        + "SELECT ?place WHERE { ?s ?p $place }\n",
        3,
        "needs `class:`",
    ),
    (
        "class with unknown prefix",
        GOOD_HEADER
        + PARAM.replace("dra:County", "foo:County")
        + PREFIX
        + "SELECT ?place WHERE { ?s ?p $place }\n",
        5,
        "prefixed name",
    ),
    ("declared but unused", GOOD_HEADER + PARAM + PREFIX + GOOD_BODY, 3, "never uses $place"),
    (
        "undeclared $parameter",
        GOOD_HEADER + PREFIX + "SELECT ?s ?place WHERE {\n  ?s ?p $place\n}\n",
        4,
        "does not declare it",
    ),
    (
        "parameter not projected",
        GOOD_HEADER + PARAM + PREFIX + "SELECT ?s WHERE { ?s ?p $place }\n",
        3,
        "SELECT projection",
    ),
    (
        "BOUND on a parameter",
        GOOD_HEADER
        + PARAM
        + PREFIX
        + "SELECT ?s ?place WHERE {\n  ?s ?p ?o\n  FILTER(!BOUND($place) || ?o = $place)\n}\n",
        10,
        "BOUND($place)",
    ),
    (
        "SPARQL syntax error",
        GOOD_HEADER + PREFIX + "SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER(\n}\n",
        5,
        "does not parse",
    ),
    (
        "header line after the header",
        GOOD_HEADER + GOOD_BODY + "#+ tags: [late]\n",
        3,
        "after the header has ended",
    ),
    (
        "bad integer default",
        GOOD_HEADER + "#+ parameters:\n#+   - name: n\n#+     type: integer\n"
        "#+     default: many\n#+     label: {zh: 数, en: N}\nSELECT ?n WHERE { ?s ?p $n }\n",
        5,
        "not an integer",
    ),
    (
        "required with a default",
        GOOD_HEADER
        + PARAM
        + "#+     required: true\n#+     default: hongan-county\n"
        + PREFIX
        + "SELECT ?place WHERE { ?s ?p $place }\n",
        8,
        "cannot have a default",
    ),
    (
        "column not projected",
        GOOD_HEADER
        + "#+ columns:\n#+   s: {zh: 主语, en: Subject}\n#+   o: {zh: 宾语, en: Object}\n"
        + GOOD_BODY,
        4,
        "column 'o' is not in the SELECT projection",
    ),
    (
        "column lacks en",
        GOOD_HEADER + "#+ columns:\n#+   s: {zh: 主语}\n" + GOOD_BODY,
        3,
        "'en'",
    ),
    (
        "column lacks zh",
        GOOD_HEADER + "#+ columns:\n#+   s: {en: Subject}\n" + GOOD_BODY,
        3,
        "'zh'",
    ),
    (
        "column label not a mapping",
        GOOD_HEADER + "#+ columns:\n#+   s: 主语\n" + GOOD_BODY,
        3,
        "must be a mapping",
    ),
    (
        "columns not a mapping",
        GOOD_HEADER + "#+ columns: [s]\n" + GOOD_BODY,
        2,
        "columns must map result variables",
    ),
    (
        "column written with ?",
        GOOD_HEADER + "#+ columns:\n#+   ?s: {zh: 主语, en: Subject}\n" + GOOD_BODY,
        3,
        "not a variable name",
    ),
    (
        "column twice",
        GOOD_HEADER
        + "#+ columns:\n#+   s: {zh: 主语, en: Subject}\n#+   s: {zh: 二, en: Two}\n"
        + GOOD_BODY,
        4,
        "appears twice",
    ),
    (
        "column value name lacks en",
        GOOD_HEADER + "#+ columns:\n#+   s: {zh: 主语, en: S, values: {x: {zh: 叉}}}\n" + GOOD_BODY,
        3,
        "'en'",
    ),
    (
        "column values not a mapping",
        GOOD_HEADER + "#+ columns:\n#+   s: {zh: 主语, en: S, values: [x]}\n" + GOOD_BODY,
        3,
        "values must map codes",
    ),
    (
        "unknown key in a column",
        GOOD_HEADER + "#+ columns:\n#+   s: {zh: 主语, en: S, fr: Sujet}\n" + GOOD_BODY,
        3,
        "unknown key 'fr'",
    ),
    (
        "columns on an ASK query",
        GOOD_HEADER + "#+ columns:\n#+   s: {zh: 主语, en: Subject}\nASK { ?s ?p ?o }\n",
        3,
        "only a SELECT query has columns",
    ),
    (
        "parameter without label",
        GOOD_HEADER
        + PARAM.replace("#+     label: {zh: 地方, en: Place}\n", "")
        + PREFIX
        + "SELECT ?place WHERE { ?s ?p $place }\n",
        3,
        "lacks a label",
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [case[1:] for case in BAD_QUERIES],
    ids=[case[0] for case in BAD_QUERIES],
)
def test_a_bad_query_file_is_an_error_naming_file_and_line(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    path = tmp_path / "bad-query.rq"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QueryDefinitionError) as caught:
        load_query(path, display_name="queries/bad-query.rq")
    error = caught.value
    assert words in error.message
    assert (error.file, error.line) == ("queries/bad-query.rq", line)
    assert str(error).startswith(f"queries/bad-query.rq:{line}: ")


def test_the_good_variant_of_the_bad_cases_loads(tmp_path: Path) -> None:
    # Guards the table above: its cases fail for their own reason, not a shared mistake.
    path = tmp_path / "good-query.rq"
    path.write_text(GOOD_HEADER + PARAM + PREFIX + "SELECT ?place WHERE { ?s ?p $place }\n")
    query = load_query(path)
    assert [p.name for p in query.parameters] == ["place"]


def test_column_labels_are_read_in_both_languages(tmp_path: Path) -> None:
    path = tmp_path / "labelled.rq"
    path.write_text(
        GOOD_HEADER
        + "#+ columns:\n#+   s: {zh: 主语, en: Subject}\n"
        + "SELECT ?s ?sLabel ?o WHERE { ?s ?p ?o OPTIONAL { ?s ?q ?sLabel } }\n",
        encoding="utf-8",
    )
    query = load_query(path)
    assert query.columns == {"s": {"zh": "主语", "en": "Subject"}}
    assert (query.column_label("s", "zh"), query.column_label("s", "en")) == ("主语", "Subject")
    # A ?sLabel twin is named after ?s; a column without a label keeps its variable name.
    assert query.column_label("sLabel", "en") == "Subject (name)"
    assert query.column_label("sLabel", "zh") == "主语名称"
    assert query.column_label("o", "zh") == "o"
    assert query.column_values == {}


def test_a_column_may_name_its_code_values(tmp_path: Path) -> None:
    path = tmp_path / "coded.rq"
    path.write_text(
        GOOD_HEADER
        + "#+ columns:\n#+   s: {zh: 方向, en: Direction, values: {in: {zh: 入, en: in}}}\n"
        + GOOD_BODY,
        encoding="utf-8",
    )
    query = load_query(path)
    assert query.columns == {"s": {"zh": "方向", "en": "Direction"}}
    assert query.column_values == {"s": {"in": {"zh": "入", "en": "in"}}}


def test_a_query_file_name_must_be_kebab_case(tmp_path: Path) -> None:
    path = tmp_path / "Bad_Name.rq"
    path.write_text(GOOD_HEADER + GOOD_BODY)
    with pytest.raises(QueryDefinitionError, match="kebab-case"):
        load_query(path)


def test_one_bad_file_fails_the_whole_catalogue(tmp_path: Path) -> None:
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "fine.rq").write_text(GOOD_HEADER + GOOD_BODY)
    (tmp_path / "queries" / "broken.rq").write_text(GOOD_HEADER + "#+ sumary: typo\n" + GOOD_BODY)
    with pytest.raises(QueryDefinitionError) as caught:
        load_catalog(tmp_path)
    assert (caught.value.file, caught.value.line) == ("queries/broken.rq", 2)


def test_variables_in_comments_strings_and_iris_are_not_parameters(tmp_path: Path) -> None:
    path = tmp_path / "quiet.rq"
    path.write_text(
        GOOD_HEADER
        + "# $notaparameter in a comment\n"
        + 'SELECT ?s WHERE { ?s ?p "$alsonot" . ?s ?q <urn:x:$nope> }\n'
    )
    assert load_query(path).parameters == []


# --- binding --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "macheng-city",
        "id:macheng-city",
        "https://dra.example.org/id/macheng-city",
        "<https://dra.example.org/id/macheng-city>",
    ],
)
def test_an_iri_parameter_takes_a_slug_or_a_full_iri(
    catalog: Catalog, store: Store, value: str
) -> None:
    assert catalog.bind("villages-in-county", {"county": value}, store) == {
        "county": ID["macheng-city"]
    }
    result = catalog.run("villages-in-county", {"county": value}, store)
    assert [r[2] for r in rows(result)] == ["八磊石村", "福田河村"]


def test_a_value_of_the_wrong_class_is_refused(catalog: Catalog, store: Store) -> None:
    with pytest.raises(ParameterError) as caught:
        catalog.bind("villages-in-county", {"county": "sigou-village"}, store)
    error = caught.value
    assert error.parameter == "county"
    assert "id:sigou-village" in error.message_en and "dra:County" in error.message_en
    assert "dra:County" in error.message_zh and "图中没有" in error.message_zh


def test_a_subclass_instance_satisfies_a_superclass_parameter(
    catalog: Catalog, store: Store
) -> None:
    # villages-per-county's parameter is a dra:Place; a dra:County is one by rdfs:subClassOf.
    result = catalog.run("villages-per-county", {"county": "macheng-city"}, store)
    assert rows(result) == [(str(ID["macheng-city"]), "2")]


def test_a_parameter_may_accept_several_classes(catalog: Catalog, store: Store) -> None:
    query = catalog.get("labels-of-county-or-measure")
    assert query.parameters[0].classes == (URIRef(DRA + "County"), URIRef(DRA + "Measure"))
    assert query.parameters[0].cls is None
    for value in ("hongan-county", "old-compounds"):
        assert catalog.bind(query.id, {"thing": value}, store) == {"thing": ID[value]}
    with pytest.raises(ParameterError) as caught:
        catalog.bind(query.id, {"thing": "sigou-village"}, store)
    assert "is not a dra:County / dra:Measure" in caught.value.message_en
    labels = {r[1] for r in rows(catalog.run(query.id, {"thing": "old-compounds"}, store))}
    assert labels == {"老旧小区改造"}


def test_an_rdfs_resource_parameter_takes_anything_the_graph_describes(
    catalog: Catalog, store: Store
) -> None:
    for value in ("sigou-village", "old-compounds", f"{DRA}County"):
        assert catalog.bind("statements-about", {"entity": value}, store)
    with pytest.raises(ParameterError, match="not a rdfs:Resource"):
        catalog.bind("statements-about", {"entity": "atlantis"}, store)
    [entity] = catalog.get("statements-about").parameters
    iris = {c.iri for c in entity.choices(store)}
    assert {ID["sigou-village"], ID["old-compounds"], URIRef(DRA + "County")} <= iris


def test_an_unknown_iri_is_refused(catalog: Catalog, store: Store) -> None:
    with pytest.raises(ParameterError, match="not a dra:County"):
        catalog.bind("villages-in-county", {"county": "atlantis"}, store)


@pytest.mark.parametrize(
    "value", ["macheng city", "x> } UNION { ?s ?p ?o", "id:", '"quoted"', "a{b}", "<>"]
)
def test_a_malformed_iri_is_refused_before_any_query(
    catalog: Catalog, store: Store, value: str
) -> None:
    with pytest.raises(ParameterError) as caught:
        catalog.bind("villages-in-county", {"county": value}, store)
    assert "not an IRI" in caught.value.message_en
    assert parse_iri(value) is None


def test_a_missing_required_parameter_is_refused(catalog: Catalog, store: Store) -> None:
    for raw in ({}, {"county": ""}, {"county": "   "}):
        with pytest.raises(ParameterError) as caught:
            catalog.bind("villages-in-county", raw, store)
        assert "missing required parameter 'county'" in caught.value.message_en
        assert "缺少必填参数" in caught.value.message_zh


def test_an_unknown_parameter_name_is_refused(catalog: Catalog, store: Store) -> None:
    with pytest.raises(ParameterError, match="has no parameter 'contry'"):
        catalog.bind("villages-in-county", {"contry": "macheng-city"}, store)


def test_an_empty_optional_parameter_stays_unbound(catalog: Catalog, store: Store) -> None:
    assert catalog.bind("villages-per-county", {"county": ""}, store) == {}
    result = catalog.run("villages-per-county", {}, store)
    assert set(rows(result)) == {
        (str(ID["hongan-county"]), "1"),
        (str(ID["macheng-city"]), "2"),
        (str(ID["datong-county"]), "1"),
    }


def test_defaults_apply_and_typed_values_filter(catalog: Catalog, store: Store) -> None:
    assert catalog.bind("measures-filtered", {}, store) == {"min": Literal(0)}
    everything = catalog.run("measures-filtered", {}, store)
    assert [r[3] for r in rows(everything)] == ["136", "9517"]
    big = catalog.run("measures-filtered", {"min": "200"}, store)
    assert [r[2] for r in rows(big)] == [str(ID["old-compounds"])]
    recent = catalog.run("measures-filtered", {"since": "2021-03-01"}, store)
    assert [r[2] for r in rows(recent)] == [str(ID["old-compounds"])]


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("min", "12a", "not an integer"),
        ("min", "1.5", "not an integer"),
        ("since", "2021-02-30", "not a date"),
        ("since", "2021/03/01", "not a date"),
        ("since", "20210301", "not a date"),
    ],
)
def test_a_value_of_the_wrong_type_is_refused(
    catalog: Catalog, store: Store, name: str, value: str, words: str
) -> None:
    with pytest.raises(ParameterError) as caught:
        catalog.bind("measures-filtered", {name: value}, store)
    assert caught.value.parameter == name
    assert words in caught.value.message_en


def test_a_language_tagged_parameter_gets_its_tag(catalog: Catalog, store: Store) -> None:
    found = catalog.run("entity-by-label", {"name": "红安县"}, store)
    assert rows(found) == [("红安县", str(ID["hongan-county"]))]
    # The English label exists, but the parameter is declared @zh, so it cannot match.
    assert catalog.run("entity-by-label", {"name": "Hong'an County"}, store).rows == []


# --- injection ------------------------------------------------------------------------------

INJECTIONS = [
    '"} UNION { ?entity ?p ?label } #',
    "') } UNION { ?entity ?p ?label } #",
    '" ) ) } ?entity ?p ?label { ("',
    '\\" } UNION {',
    "}}}}",
    '村" || true || "',
]


@pytest.mark.parametrize("value", INJECTIONS)
def test_a_literal_value_cannot_change_the_query(
    catalog: Catalog, store: Store, value: str
) -> None:
    query = catalog.get("labels-containing")
    text_before = query.text
    result = catalog.run("labels-containing", {"text": value}, store)
    # Taken as text, none of these occurs in any label: an injected UNION would match all.
    assert result.rows == []
    assert query.text == text_before


def test_a_literal_value_is_matched_as_plain_text(catalog: Catalog, store: Store) -> None:
    # The fixture holds one label with quotes and braces in it: the value finds exactly it.
    result = catalog.run("labels-containing", {"text": '"} UNION {"'}, store)
    assert [r[1] for r in rows(result)] == [str(ID["sigou-village"])]


# --- choices --------------------------------------------------------------------------------


def test_iri_choices_come_from_the_data_with_labels(catalog: Catalog, store: Store) -> None:
    [county] = catalog.get("villages-in-county").parameters
    choices = county.choices(store)
    assert [c.iri for c in choices] == [
        ID["datong-county"],
        ID["hongan-county"],
        ID["macheng-city"],
    ]  # sorted by zh label: 大通县, 红安县, 麻城市
    assert (choices[1].label_zh, choices[1].label_en) == ("红安县", "Hong'an County")
    assert choices[0].label_en is None


def test_choices_include_instances_of_subclasses(catalog: Catalog, store: Store) -> None:
    [place] = catalog.get("villages-per-county").parameters
    iris = {c.iri for c in place.choices(store)}
    assert ID["sigou-village"] in iris and ID["hongan-county"] in iris
    assert ID["dangerous-houses"] not in iris


def test_non_iri_parameters_have_no_choices(catalog: Catalog, store: Store) -> None:
    [text] = catalog.get("labels-containing").parameters
    assert text.choices(store) == []
