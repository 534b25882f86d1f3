"""The evidence pack's layout: where each evidence file goes in the .zip (once, by content) and which
sub-topics and items cite it; the file store protocol the zip writer reads from."""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Protocol

from criteria.results import Assessment
from evidence.errors import DomainError
from evidence.services.report_data import FileFact, ItemEvidence

FILES_DIR = "files"
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\\/:*?"<>|]+')


class FileSource(Protocol):
    """Where the pack reads evidence files from (the file store)."""

    def exists(self, file: FileFact) -> bool: ...

    def open(self, file: FileFact) -> BinaryIO: ...


class EvidencePackError(DomainError):
    """The pack cannot be delivered as it would misstate its evidence (a file changed in storage)."""


@dataclass(frozen=True)
class PackEntry:
    """One evidence file in the zip, stored once, with every sub-topic and item that cites it."""

    path: str
    file: FileFact
    subtopics: tuple[str, ...]
    items: tuple[str, ...]
    pages: int | None = None


@dataclass(frozen=True)
class PackLayout:
    entries: tuple[PackEntry, ...]
    missing: tuple[FileFact, ...] = ()  # listed by the register but absent from the file store
    _paths: dict[int, str] = field(default_factory=dict, compare=False, repr=False)

    def path_of(self, subtopic: str, file_id: int) -> str | None:
        del subtopic  # one copy serves every sub-topic
        return self._paths.get(file_id)

    @property
    def paths(self) -> dict[int, str]:
        return dict(self._paths)

    @property
    def total_bytes(self) -> int:
        return sum(e.file.size for e in self.entries)


def safe_name(name: str, *, limit: int = 80) -> str:
    """A file name usable on every system (no separators or control characters), extension kept."""
    cleaned = _UNSAFE_NAME.sub("_", name).strip(" .") or "file"
    if len(cleaned) <= limit:
        return cleaned
    suffix = Path(cleaned).suffix[:10]
    return cleaned[: limit - len(suffix)] + suffix


def entry_path(file: FileFact) -> str:
    return f"{FILES_DIR}/{file.sha256[:12]}_{safe_name(file.name)}"


def pack_layout(
    assessment: Assessment, evidence: Mapping[str, ItemEvidence], *, available: Callable[[FileFact], bool]
) -> PackLayout:
    """Where every listed file goes: once in the zip (by content), in criteria order of first use."""
    uses: dict[int, tuple[FileFact, list[str], list[str]]] = {}
    for sub in assessment.subtopics():
        for item in sub.items:
            for file in evidence.get(item.id, ItemEvidence(item.id)).files:
                _, subs, items = uses.setdefault(file.id, (file, [], []))
                if sub.code not in subs:
                    subs.append(sub.code)
                items.append(item.id)
    pages = {c.file_id: c for s in assessment.subtopics() for i in s.items for c in i.citations if c.file_id}
    entries: list[PackEntry] = []
    paths: dict[int, str] = {}
    missing: list[FileFact] = []
    by_path: dict[str, str] = {}
    for file, subs, items in uses.values():
        if not available(file):
            missing.append(file)
            continue
        path = entry_path(file)
        if by_path.get(path, file.sha256) != file.sha256:  # two names cut to the same path: keep both
            path = f"{FILES_DIR}/{file.sha256[:16]}_{safe_name(file.name)}"
        by_path[path] = file.sha256
        paths[file.id] = path
        cited = pages.get(file.id)
        entries.append(PackEntry(path, file, tuple(subs), tuple(dict.fromkeys(items)),
                                 _page_count(cited.locator if cited else None)))
    return PackLayout(tuple(entries), tuple(missing), paths)


def _page_count(locator: str | None) -> int | None:
    match = re.search(r"(\d+)", locator or "")
    return int(match.group(1)) if match else None
