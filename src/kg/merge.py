"""Merge a conforming candidate into data/ (`kg merge`): validated, locked, atomic, canonical.

    result = merge(root, [Candidate.from_file(path)], into=None, dry_run=False)
    result.report        # the validation report (kg.findings.ValidationReport)
    result.changes       # per data file: the triples added (and whether the file is new)
    result.written       # False when refused (violations), on --dry-run, or nothing to add

Where each new triple goes: the `into` file when given; else the file where its subject is
already described (blank nodes go with the subject that points at them); else the data file
that already holds most instances of the subject's class; else a new file named for the
class. Every touched file is rewritten whole in `kg fmt`'s canonical form.

Safety: one merge at a time (an exclusive `fcntl.flock` on `.kg-merge.lock` under the root,
taken before the graph is read, so a second merge sees the first one's triples); every new
file text is written to a temporary file beside its target, flushed and fsynced, and only
then renamed over it (`os.replace`, atomic on POSIX); if any step fails, files already
replaced get their original bytes back, so `data/` is byte-for-byte as it was.
"""

from __future__ import annotations

import fcntl
import os
import re
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from kg import rdfio
from kg.candidates import Candidate
from kg.findings import ValidationReport
from kg.fmt import canonical_turtle
from kg.validation import Validator

LOCK_FILE = ".kg-merge.lock"
DATA = "data"
Triple = tuple[Node, URIRef, Node]


class MergeBusy(Exception):
    """Another merge holds the lock and did not finish within the timeout."""


class MergeTargetError(Exception):
    """The --into file is not a Turtle file under data/."""


@dataclass(frozen=True)
class FileChange:
    """What a merge adds to one data file (`path` relative to the project root)."""

    path: str
    added: list[Triple]
    created: bool


@dataclass
class MergeResult:
    report: ValidationReport
    changes: list[FileChange] = field(default_factory=list)
    written: bool = False
    dry_run: bool = False

    @property
    def refused(self) -> bool:
        return not self.report.conforms


def merge(
    root: Path,
    candidates: Sequence[Candidate],
    *,
    into: Path | None = None,
    dry_run: bool = False,
    strict: bool = False,
    lang: str = "zh",
    lock_timeout: float = 30.0,
) -> MergeResult:
    """Validate `candidates` against `root`'s graph and, if they conform, write them in."""
    target = _into(root, into) if into is not None else None
    with merge_lock(root, lock_timeout):
        validator = Validator.for_root(root)
        report = validator.validate(candidates, lang=lang)
        result = MergeResult(report, dry_run=dry_run)
        if report.exit_code(strict=strict) != 0:
            return result
        added = [s.triple for s in report.added]
        result.changes = plan(root, added, validator.graph, target)
        if not dry_run and result.changes:
            write_atomically(root, result.changes)
            result.written = True
        return result


def plan(
    root: Path, added: list[Triple], graph: Graph, into: str | None = None
) -> list[FileChange]:
    """Which data file gets each added triple."""
    if not added:
        return []
    files = _data_files(root)
    homes = _subject_homes(root, files)
    owners = _owners(added)
    by_class = _class_homes(root, files)
    combined_types = _types(graph, added)
    chosen: dict[str, list[Triple]] = defaultdict(list)
    for triple in added:
        owner = owners.get(triple[0], triple[0])
        if into is not None:
            path = into
        elif owner in homes:
            path = homes[owner]
        else:
            path = _file_for_class(combined_types.get(owner, set()), by_class)
        chosen[path].append(triple)
    existing = {f.relative_to(root).as_posix() for f in files}
    return [
        FileChange(path, triples, created=path not in existing)
        for path, triples in sorted(chosen.items())
    ]


def write_atomically(root: Path, changes: list[FileChange]) -> None:
    """Rewrite every changed file canonically; all or nothing."""
    staged: list[tuple[Path, Path, bytes | None]] = []  # (target, temporary, original)
    try:
        for change in changes:
            target = root / change.path
            original = target.read_bytes() if target.exists() else None
            text = _merged_text(target, original, change)
            staged.append((target, _stage(target, text.encode("utf-8")), original))
        replaced: list[tuple[Path, bytes | None]] = []
        try:
            for target, temporary, original in staged:
                os.replace(temporary, target)
                replaced.append((target, original))
            _sync_directories({t.parent for t, _tmp, _o in staged})
        except BaseException:
            _restore(replaced)
            raise
    finally:
        for _target, temporary, _original in staged:
            temporary.unlink(missing_ok=True)


@contextmanager
def merge_lock(root: Path, timeout: float = 30.0) -> Iterator[None]:
    """Hold the project's merge lock (exclusive flock), waiting up to `timeout` seconds."""
    with open(root / LOCK_FILE, "a+b") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise MergeBusy(
                        f"another kg merge holds {LOCK_FILE} (waited {timeout:.0f} s); "
                        "try again when it has finished"
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _into(root: Path, into: Path) -> str:
    path = (into if into.is_absolute() else Path.cwd() / into).resolve()
    data = (root / DATA).resolve()
    if path.suffix != ".ttl" or not path.is_relative_to(data):
        raise MergeTargetError(f"--into {into}: give a .ttl file under {DATA}/")
    return path.relative_to(root.resolve()).as_posix()


def _data_files(root: Path) -> list[Path]:
    return sorted((root / DATA).rglob("*.ttl"))


def _subject_homes(root: Path, files: list[Path]) -> dict[Node, str]:
    """Each described IRI → the file that says most about it."""
    counts: dict[Node, Counter[str]] = defaultdict(Counter)
    for path in files:
        name = path.relative_to(root).as_posix()
        for quad in rdfio.parse_file(path, display_name=name):
            if isinstance(quad.subject, URIRef):
                counts[quad.subject][name] += 1
    return {s: c.most_common(1)[0][0] for s, c in counts.items()}


def _class_homes(root: Path, files: list[Path]) -> dict[Node, str]:
    """Each class → the data file holding most of its instances."""
    counts: dict[Node, Counter[str]] = defaultdict(Counter)
    for path in files:
        name = path.relative_to(root).as_posix()
        for quad in rdfio.parse_file(path, display_name=name):
            if quad.predicate == RDF.type:
                counts[quad.object][name] += 1
    return {c: n.most_common(1)[0][0] for c, n in counts.items()}


def _owners(added: list[Triple]) -> dict[Node, Node]:
    """Blank node → the named subject whose description it belongs to."""
    pointed: dict[Node, Node] = {}
    for s, _p, o in added:
        if isinstance(o, BNode):
            pointed.setdefault(o, s)
    owners: dict[Node, Node] = {}
    for node in pointed:
        owner, seen = node, set()
        while isinstance(owner, BNode) and owner in pointed and owner not in seen:
            seen.add(owner)
            owner = pointed[owner]
        owners[node] = owner
    return owners


def _types(graph: Graph, added: list[Triple]) -> dict[Node, set[Node]]:
    types: dict[Node, set[Node]] = defaultdict(set)
    for s, p, o in added:
        if p == RDF.type:
            types[s].add(o)
    for s in {t[0] for t in added}:
        types[s].update(graph.objects(s, RDF.type))
    return types


def _file_for_class(classes: set[Node], by_class: dict[Node, str]) -> str:
    for cls in sorted(classes, key=str):
        if cls in by_class:
            return by_class[cls]
    if classes:
        local = re.split(r"[#/]", str(sorted(classes, key=str)[0]))[-1]
        slug = re.sub(r"(?<!^)(?=[A-Z])", "-", local).lower() or "other"
        return f"{DATA}/{slug}.ttl"
    return f"{DATA}/other.ttl"


def _merged_text(target: Path, original: bytes | None, change: FileChange) -> str:
    graph = Graph()
    header = "# Facts added with kg merge."
    if original is not None:
        for quad in rdfio.parse_text(original.decode("utf-8"), change.path):
            graph.add(quad.triple)
        header = _opening_comments(original.decode("utf-8"))
    for triple in change.added:
        graph.add(triple)
    return canonical_turtle(graph, header=header)


def _opening_comments(text: str) -> str:
    # The comment block a data file opens with is kept, as `kg fmt` keeps it.
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.rstrip())
    return "\n".join(lines)


def _stage(target: Path, content: bytes) -> Path:
    """Write `content` to a temporary file beside `target` (same filesystem), synced."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    return Path(name)


def _restore(replaced: list[tuple[Path, bytes | None]]) -> None:
    for target, original in reversed(replaced):
        if original is None:
            target.unlink(missing_ok=True)
        else:
            os.replace(_stage(target, original), target)


def _sync_directories(directories: set[Path]) -> None:
    # The renames themselves are durable only once each directory entry is synced.
    for directory in directories:
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
