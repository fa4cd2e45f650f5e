"""The `#+` YAML header of a saved query, read strictly with file lines in every error.

Kept apart from `kg.queries` because it is the fiddly part: the YAML is composed into nodes
first, so that an unknown key, a duplicate key (PyYAML would silently keep the last one) or a
wrong type is reported at the line where it is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml
from rdflib import URIRef

from kg.query_params import PARAMETER_TYPES, Parameter, ParameterError, expand_name, parse_iri

HEADER_KEYS = frozenset({"title", "description", "tags", "parameters", "columns"})
PARAMETER_KEYS = frozenset(
    {"name", "type", "class", "required", "default", "lang", "label", "description"}
)
LANGUAGES = ("zh", "en")
#: A column's label in both languages, and optionally `values:` — readable names for the
#: codes it holds (`values: {in: {zh: 入, en: in}}`), shown on pages, kept in downloads.
COLUMN_KEYS = frozenset({*LANGUAGES, "values"})

_MARK = "#+"


class QueryDefinitionError(Exception):
    """A saved query that cannot be used as written: where (file, line) and what."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        super().__init__(message)
        self.file = file
        self.line = line
        self.message = message

    def location(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}"

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}"


@dataclass(frozen=True)
class Header:
    title: dict[str, str]
    description: dict[str, str]
    tags: list[str]
    parameters: list[Parameter]
    parameter_lines: list[int]
    #: Human headers of result columns: variable → {zh, en}; the loader checks each
    #: variable against the SELECT projection (`column_lines` says where each is written).
    columns: dict[str, dict[str, str]] = field(default_factory=dict)
    column_lines: dict[str, int] = field(default_factory=dict)
    #: Readable names of code values a column holds: variable → value → {zh, en}.
    column_values: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)


def header_lines(text: str, name: str) -> list[str]:
    """The YAML text of the leading `#+` lines (one per file line, so lines stay aligned)."""
    lines = text.splitlines()
    count = 0
    while count < len(lines) and lines[count].startswith(_MARK):
        count += 1
    if count == 0:
        raise QueryDefinitionError(
            name, 1, "no `#+` header: a saved query starts with `#+ title:` lines"
        )
    for number, line in enumerate(lines[count:], start=count + 1):
        if line.lstrip().startswith(_MARK):
            raise QueryDefinitionError(
                name,
                number,
                "a `#+` header line after the header has ended (it would be "
                "ignored): keep the header in one block at the top",
            )
    yaml_lines = []
    for line in lines[:count]:
        rest = line[len(_MARK) :]
        if rest and not rest.startswith(" "):
            raise QueryDefinitionError(
                name, len(yaml_lines) + 1, "write `#+ ` (a space after #+) before header text"
            )
        yaml_lines.append(rest[1:])
    return yaml_lines


def read_header(text: str, name: str) -> Header:
    yaml_text = "\n".join(header_lines(text, name)) + "\n"
    loader = yaml.SafeLoader(yaml_text)
    try:
        # Nodes, not constructed values: they keep the line of every key and value.
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        message = f"header is not valid YAML: {error.problem}"
        raise QueryDefinitionError(name, line, message) from None
    except yaml.YAMLError as error:
        raise QueryDefinitionError(name, None, f"header is not valid YAML: {error}") from None
    finally:
        loader.dispose()
    checker = _Checker(name)
    if node is None:
        raise QueryDefinitionError(name, 1, "the `#+` header is empty: it needs at least a title")
    mapping = checker.mapping(node, HEADER_KEYS, "the header", required={"title"})
    title = checker.texts(mapping.get("title"), "title")
    description = (
        checker.texts(mapping["description"], "description") if "description" in mapping else {}
    )
    tags: list[str] = []
    if "tags" in mapping:
        tags_node = checker.sequence(mapping["tags"], "tags")
        tags = [checker.scalar(t, "a tag") for t in tags_node.value]
    parameters: list[Parameter] = []
    lines: list[int] = []
    if "parameters" in mapping:
        for item in checker.sequence(mapping["parameters"], "parameters").value:
            parameter = checker.parameter(item)
            if any(p.name == parameter.name for p in parameters):
                raise QueryDefinitionError(
                    name, _line(item), f"parameter {parameter.name!r} is declared twice"
                )
            parameters.append(parameter)
            lines.append(_line(item))
    columns: dict[str, dict[str, str]] = {}
    column_lines: dict[str, int] = {}
    column_values: dict[str, dict[str, dict[str, str]]] = {}
    if "columns" in mapping:
        for key_node, value_node in checker.columns(mapping["columns"]):
            variable = key_node.value
            what = f"column {variable!r}"
            fields = checker.mapping(value_node, COLUMN_KEYS, what, required=set(LANGUAGES))
            columns[variable] = {
                lang: checker.scalar(fields[lang], f"{what}.{lang}") for lang in LANGUAGES
            }
            column_lines[variable] = _line(key_node)
            if "values" in fields:
                column_values[variable] = checker.value_names(fields["values"], what)
    return Header(title, description, tags, parameters, lines, columns, column_lines, column_values)


def _line(node: yaml.Node) -> int:
    # Header line n (0-based in the YAML) is file line n + 1: the header starts the file.
    return node.start_mark.line + 1


class _Checker:
    """Checks composed YAML nodes; every failure names the file line of the node."""

    def __init__(self, name: str) -> None:
        self.name = name

    def fail(self, node: yaml.Node | None, message: str) -> QueryDefinitionError:
        return QueryDefinitionError(self.name, None if node is None else _line(node), message)

    def mapping(
        self,
        node: yaml.Node | None,
        keys: frozenset[str],
        what: str,
        required: set[str] | frozenset[str] = frozenset(),
    ) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} must be a mapping of keys to values")
        out: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key not in keys:
                raise self.fail(
                    key_node, f"unknown key {key!r} in {what} (known: {', '.join(sorted(keys))})"
                )
            if key in out:
                raise self.fail(key_node, f"key {key!r} appears twice in {what}")
            out[key] = value_node
        for key in sorted(required - out.keys()):
            raise self.fail(node, f"{what} lacks the required key {key!r}")
        return out

    def sequence(self, node: yaml.Node, what: str) -> yaml.SequenceNode:
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, f"{what} must be a list")
        return node

    def scalar(self, node: yaml.Node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
            raise self.fail(node, f"{what} must be a non-empty text")
        return str(node.value).strip()

    def texts(self, node: yaml.Node | None, what: str) -> dict[str, str]:
        """A {zh: …, en: …} mapping: both languages, each a non-empty text."""
        mapping = self.mapping(node, frozenset(LANGUAGES), what, required=set(LANGUAGES))
        return {lang: self.scalar(mapping[lang], f"{what}.{lang}") for lang in LANGUAGES}

    def columns(self, node: yaml.Node) -> list[tuple[yaml.ScalarNode, yaml.Node]]:
        """`columns:` is a mapping of variable names (without `?`), each written once."""
        if not isinstance(node, yaml.MappingNode) or not node.value:
            raise self.fail(
                node, "columns must map result variables to labels: {group: {zh: …, en: …}}"
            )
        seen: set[str] = set()
        for key_node, _ in node.value:
            name = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
                raise self.fail(
                    key_node, f"column {name!r} is not a variable name (write it without ?)"
                )
            if name in seen:
                raise self.fail(key_node, f"column {name!r} appears twice in columns")
            seen.add(name)
        return node.value

    def value_names(self, node: yaml.Node, what: str) -> dict[str, dict[str, str]]:
        """`values: {out: {zh: …, en: …}, …}`: each code once, each name in both languages."""
        if not isinstance(node, yaml.MappingNode) or not node.value:
            raise self.fail(node, f"{what}: values must map codes to {{zh: …, en: …}}")
        names: dict[str, dict[str, str]] = {}
        for key_node, value_node in node.value:
            code = self.scalar(key_node, f"{what}: a value")
            if code in names:
                raise self.fail(key_node, f"{what}: value {code!r} appears twice")
            names[code] = self.texts(value_node, f"{what}: value {code!r}")
        return names

    def boolean(self, node: yaml.Node, what: str) -> bool:
        value = node.value if isinstance(node, yaml.ScalarNode) else None
        if value not in ("true", "false"):
            raise self.fail(node, f"{what} must be true or false")
        return value == "true"

    def parameter(self, node: yaml.Node) -> Parameter:
        fields = self.mapping(node, PARAMETER_KEYS, "a parameter", required={"name", "type"})
        name = self.scalar(fields["name"], "parameter name")
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise self.fail(fields["name"], f"parameter name {name!r} is not a variable name")
        what = f"parameter {name!r}"
        kind = self.scalar(fields["type"], f"{what}: type")
        if kind not in PARAMETER_TYPES:
            raise self.fail(
                fields["type"],
                f"{what}: unknown type {kind!r} (known: {', '.join(PARAMETER_TYPES)})",
            )
        classes: tuple[URIRef, ...] = ()
        if kind == "iri":
            if "class" not in fields:
                raise self.fail(
                    node, f"{what}: an iri parameter needs `class:` (rdfs:Resource for any IRI)"
                )
            classes = self.classes(fields["class"], what)
        elif "class" in fields:
            raise self.fail(fields["class"], f"{what}: only iri parameters take `class:`")
        lang = None
        if kind == "langliteral":
            if "lang" not in fields:
                raise self.fail(node, f"{what}: a langliteral parameter needs `lang:`")
            lang = self.scalar(fields["lang"], f"{what}: lang")
            if not re.fullmatch(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*", lang):
                raise self.fail(fields["lang"], f"{what}: {lang!r} is not a language tag")
        elif "lang" in fields:
            raise self.fail(fields["lang"], f"{what}: only langliteral parameters take `lang:`")
        required = (
            self.boolean(fields["required"], f"{what}: required")
            if ("required" in fields)
            else False
        )
        default = None
        if "default" in fields:
            default = self.scalar(fields["default"], f"{what}: default")
            if required:
                raise self.fail(
                    fields["default"], f"{what}: a required parameter cannot have a default"
                )
            self._check_default(fields["default"], what, kind, default)
        label = self.texts(fields.get("label"), f"{what}: label") if "label" in fields else None
        if label is None:
            raise self.fail(node, f"{what} lacks a label ({{zh: …, en: …}}): forms show it")
        description = (
            self.texts(fields["description"], f"{what}: description")
            if "description" in fields
            else {}
        )
        return Parameter(
            name=name,
            type=kind,
            label=label,
            classes=classes,
            required=required,
            default=default,
            lang=lang,
            description=description,
        )

    def classes(self, node: yaml.Node, what: str) -> tuple[URIRef, ...]:
        """`class: dra:County` or `class: [dra:Department, dra:Association]`."""
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        if not items:
            raise self.fail(node, f"{what}: class must name at least one class")
        classes = []
        for item in items:
            cls = expand_name(self.scalar(item, f"{what}: class"))
            if cls is None:
                raise self.fail(
                    item, f"{what}: class must be a prefixed name (dra:County) or <IRI>"
                )
            classes.append(cls)
        return tuple(classes)

    def _check_default(self, node: yaml.Node, what: str, kind: str, default: str) -> None:
        if kind == "iri":
            if parse_iri(default) is None:
                raise self.fail(node, f"{what}: default {default!r} is not an IRI or slug")
            return
        probe = Parameter(name="default", type=kind, label={}, lang="zh")
        try:
            probe.convert(default, store=None)  # type: ignore[arg-type]  # no graph needed
        except ParameterError as error:
            raise self.fail(node, f"{what}: default {error.message_en}") from None
