"""SHACL findings on one node, for its entity page.

Validating the whole of data/ takes seconds (pyshacl over every shape), far too long for a
page, so it runs once, started by the first entity page that asks, in a child process
(spawned, so the server's threads keep the interpreter to themselves while pyshacl works),
for Chinese and English messages. Until it is done a page says the check is pending;
afterwards every page just looks its node up. A validation that cannot run at all (no
shapes yet, say) leaves the page without a status rather than without a page.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from rdflib.term import Node

from kg.findings import Finding
from kg.web.i18n import LANGS
from kg.web.state import SiteState

log = logging.getLogger(__name__)


@dataclass
class NodeStatus:
    state: str  # "pending" | "done" | "unavailable"
    findings: list[Finding] = field(default_factory=list)


class DataFindings:
    """Findings of data/ by focus node and language, computed once in the background."""

    def __init__(self, state: SiteState) -> None:
        self._state = state
        self._lock = threading.Lock()
        self._by_lang: dict[str, dict[Node, list[Finding]]] = {}
        self._failed = False
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="kg-data-findings", daemon=True
                )
                self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the background validation is over (tests, screenshots)."""
        self.start()
        assert self._thread is not None
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def status(self, node: Node, lang: str) -> NodeStatus:
        self.start()
        if self._failed:
            return NodeStatus("unavailable")
        by_focus = self._by_lang.get(lang)
        if by_focus is None:
            return NodeStatus("pending")
        return NodeStatus("done", by_focus.get(node, []))

    def _run(self) -> None:
        try:
            self._validate()
        except Exception:  # whatever happens, pages must stop saying "pending"
            log.exception("validating data/ for entity pages failed")
            self._failed = True

    def _validate(self) -> None:
        context = multiprocessing.get_context("spawn")
        receiver, sender = context.Pipe(duplex=False)
        # Daemonic: a server that stops does not wait for a validation nobody will read.
        child = context.Process(
            target=_validate_in_child, args=(str(self._state.root), sender), daemon=True
        )
        child.start()
        sender.close()
        try:
            outcome, payload = receiver.recv()
        except EOFError:
            outcome, payload = "error", "the validation process ended without an answer"
        finally:
            child.join()
        if outcome != "ok" and (child.exitcode or 0) < 0:
            # Killed by a signal: the server is stopping (daemonic children are ended at exit).
            log.info("validation of data/ stopped: %s", payload)
            self._failed = True
            return
        if outcome != "ok":
            log.error("validating data/ for entity pages failed: %s", payload)
            self._failed = True
            return
        for lang, findings in payload.items():
            by_focus: dict[Node, list[Finding]] = {}
            for finding in findings:
                by_focus.setdefault(finding.focus, []).append(finding)
            self._by_lang[lang] = by_focus


def _validate_in_child(root: str, sender: Connection) -> None:
    """In the child: validate data/ once per language and send the findings back."""
    try:
        from kg.validation import Validator

        validator = Validator.for_root(Path(root))
        findings = {lang: validator.validate_data(Path(root), lang=lang).findings for lang in LANGS}
        sender.send(("ok", findings))
    except Exception as error:  # reported to the parent, which logs it
        sender.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        sender.close()


def data_findings(state: SiteState) -> DataFindings:
    """The one DataFindings of this site state."""
    with _create_lock:
        found = state.__dict__.get("_data_findings")
        if found is None:
            found = state.__dict__["_data_findings"] = DataFindings(state)
    return found


_create_lock = threading.Lock()


def node_status(state: SiteState, node: Node, lang: str) -> NodeStatus:
    return data_findings(state).status(node, lang)
