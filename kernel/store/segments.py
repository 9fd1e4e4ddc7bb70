"""The segmented home on disk: a small manifest naming immutable segment files, and how a commit replaces it.

`lianluo.json` (the manifest) holds the meta row and, in `_layout`, for each table the segment files and the
table's open-clock index file (`{"<id>": next_check}` for documents whose next_check is set). A segment holds
documents of one range of SEGMENT_SIZE consecutive ids, as a valid TinyDB document `{"<table>": {"<id>": doc}}`;
each range has up to two: the documents with an open clock (`<first>-open.<n>.json`, those in the index) and
the others (`<first>.<n>.json`). A segment of a table of items holds, first, the report facts of its
documents (kernel/facts.py), packed rows in a one-document TinyDB table: `{"_facts": {"1": {"<table>":
[[…], …]}}, "<table>": {…}}`; its manifest entry says where the rows end (`fb`, a byte offset), so that a
report reads and parses only them, and a commit writes and fsyncs one file per segment. (Homes written
before kept the facts in a file of their own, `<first>[-open]-facts.<n>.json`, named by the entry's
`facts`: still read; `lianluo reindex` moves them in, and so does any commit that rewrites the segment.)
So the tick, which reads and rewrites only documents with open clocks, never reads or rewrites the closed
history around them, however the open ones are scattered among the ids. A commit writes new
files, named by the commit's counter, for the changed segments only, fsyncs them and their folders, then
replaces the manifest atomically (the previous one becomes `lianluo.json.bak`). Files are never rewritten
in place, so a kill at any moment leaves the old manifest with all its files, or the new one with all its
files. Files that neither the manifest nor the backup manifest name (`kept`) are deleted after the commit,
and again before the next one (a killed writer's leftovers).
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Collection
from pathlib import Path
from typing import Any

import attrs

from ..errors import StoreError
from ..facts import FACTS_TABLES, FACTS_VERSION, FIELDS, packed, project, span, written
from .atomic import fsync_dir
from .filecache import FILES
from .datafile import LAYOUT_SCHEMA, META, SCHEMA, broken_table, check_home_file, check_table, encode, hint
from .modes import make_dir
from .tinydb_files import ManifestStorage, Missing, NewFileStorage, open_file
from .validate import check_counter, check_docs, check_meta, check_whole

SEGMENT_SIZE = 1000
SHARE_PUT = 100  # a commit's segment with at most this many documents put goes to the read cache (filecache.py)
FACTS = "_facts"  # the table of a segment file that holds its report facts (one document)
DATA_DIR = "data"
LAYOUT = "_layout"
TABLE_NAME = re.compile(r"[A-Za-z0-9_]{1,100}")
OUR_FILE = re.compile(r"(?:\d+|\d+-open|\d+-facts|\d+-open-facts|index)\.(\d+)\.json")
FILE_PATH = re.compile(rf"{DATA_DIR}/([A-Za-z0-9_]+)/(\d+|\d+-open|\d+-facts|\d+-open-facts|index)\.\d+\.json")
FACTS_KEYS = ("facts", "fb", "fv", "lo", "hi", "ss", "op")  # a segment entry's facts: their own file (before) or
# their bytes at the start of the segment file, their version, received span, sessions, whether any is open
Slot = tuple[int, bool]  # (bucket, holds the documents with an open clock)


def bucket_of(doc_id: int) -> int:
    return (int(doc_id) - 1) // SEGMENT_SIZE


def first_id(bucket: int) -> int:
    return bucket * SEGMENT_SIZE + 1


@attrs.define
class Layout:
    """What a manifest says about the files. `tables`: {table: {"segments": {(bucket, open): {"file", "docs",
    "max"}}, "index": file or None}}; `kept`: files the backup manifest needs and this one does not. `max` is
    the segment's highest id (absent in manifests written before it was recorded)."""

    commit: int = 0
    tables: dict[str, dict[str, Any]] = attrs.field(factory=dict)
    kept: list[str] = attrs.field(factory=list)

    def files(self) -> set[str]:
        names = set()
        for table in self.tables.values():
            names.update(entry["file"] for entry in table["segments"].values())
            names.update(entry["facts"] for entry in table["segments"].values() if "facts" in entry)  # (before)
            if table["index"]:
                names.add(table["index"])
        return names

    def to_doc(self) -> dict[str, Any]:
        tables = {
            name: {"index": t["index"],
                   "segments": [{"file": e["file"], "first": first_id(b), "last": first_id(b) + SEGMENT_SIZE - 1,
                                 "open": is_open, "docs": e["docs"], **({"max": e["max"]} if "max" in e else {}),
                                 **{k: e[k] for k in FACTS_KEYS if k in e}}
                                for (b, is_open), e in sorted(t["segments"].items())]}
            for name, t in sorted(self.tables.items())
        }
        return {"1": {"commit": self.commit, "kept": sorted(self.kept), "tables": tables}}


def check_table_name(table: str) -> str:
    if not isinstance(table, str) or not TABLE_NAME.fullmatch(table) or table.startswith("_"):
        raise StoreError(f"表名 {table!r} 无效：只能用字母、数字和下划线（不以下划线开头）")  # a programming error
    return table


def _named(file: Any) -> tuple[str, str] | None:
    """(table, first id or "index") of a file name this program writes, else None."""
    match = FILE_PATH.fullmatch(file) if isinstance(file, str) else None
    return (match.group(1), match.group(2)) if match else None


class _Bad(Exception):
    """Inside `_parse_layout` only: the row is not what this program writes."""


def _need(condition: bool) -> None:
    if not condition:
        raise _Bad


def _parse_layout(path: Path, doc: Any, backup: Path) -> Layout:
    """The `_layout` row, every file name checked against the one this program would have written."""
    try:
        row = doc["1"]
        layout = Layout(commit=row["commit"], kept=list(row["kept"]))
        _need(isinstance(layout.commit, int) and all(_named(k) for k in layout.kept))
        for name, table in row["tables"].items():
            check_table_name(name)
            index = table["index"]
            _need(index is None or _named(index) == (name, "index"))
            segments = {}
            for entry in table["segments"]:
                first = entry["first"]
                _need(isinstance(first, int) and first >= 1 and (first - 1) % SEGMENT_SIZE == 0)
                slot = (bucket_of(first), entry["open"])
                _need(entry["last"] == first + SEGMENT_SIZE - 1 and isinstance(slot[1], bool))
                _need(_named(entry["file"]) == (name, f"{first}-open" if slot[1] else str(first)))
                _need(isinstance(entry["docs"], int) and entry["docs"] > 0 and slot not in segments)
                segments[slot] = {"file": entry["file"], "docs": entry["docs"]}
                if "max" in entry:
                    _need(isinstance(entry["max"], int) and first <= entry["max"] <= entry["last"])
                    segments[slot]["max"] = entry["max"]
                if "fb" in entry:
                    _need(type(entry["fb"]) is int and entry["fb"] > 0 and "facts" not in entry)
                if "facts" in entry:
                    _need(_named(entry["facts"]) == (name, f"{first}{'-open' if slot[1] else ''}-facts"))
                if "facts" in entry or "fb" in entry:
                    _need(isinstance(entry["fv"], int) and isinstance(entry["lo"], str)
                          and isinstance(entry["hi"], str) and isinstance(entry["ss"], list)
                          and isinstance(entry["op"], bool))
                    segments[slot].update({k: entry[k] for k in FACTS_KEYS if k in entry})
            layout.tables[name] = {"segments": segments, "index": index}
    except (KeyError, TypeError, AttributeError, _Bad, StoreError):
        raise broken_table(path, LAYOUT, backup) from None
    return layout


def read_manifest(path: Path, backup: Path) -> tuple[dict[str, Any], Layout, dict[str, Any] | None]:
    """(meta, layout, whole data): the whole data only for a file written before segments (schema 1), which is
    checked whole (validate.py); a manifest's meta is checked, and each counter against its table's highest id."""
    try:
        data = open_file(ManifestStorage, path, backup).storage.read()
    except Missing:
        raise StoreError(f"数据目录 {path.parent} 尚未初始化（没有 {path.name}），请先运行 lianluo init") from None
    meta = check_home_file(path, data, backup)
    if meta["schema"] <= SCHEMA:
        check_whole(path, data, meta, backup)
        return meta, Layout(), data
    for name in data:
        if name not in (META, LAYOUT):
            raise broken_table(path, name, backup)
    check_meta(path, meta, backup)
    layout = _parse_layout(path, data.get(LAYOUT), backup)
    counters = meta.get("counters", {})
    for name, table in layout.tables.items():
        if name in counters:  # a table filled by `put` with ids of its own (links) has no counter
            recorded = [e["max"] for e in table["segments"].values() if "max" in e]
            check_counter(path, name, counters[name], max(recorded, default=0), backup)
    return meta, layout, None


def manifest_doc(meta: dict[str, Any], layout: Layout) -> dict[str, Any]:
    return {META: {"1": {**meta, "schema": LAYOUT_SCHEMA}}, LAYOUT: layout.to_doc()}


def write_manifest(path: Path, meta: dict[str, Any], layout: Layout, keep: Path | None = None) -> None:
    """Replace the manifest atomically; the previous one becomes `keep` when given."""
    open_file(ManifestStorage, path, path, keep=keep).storage.write(manifest_doc(meta, layout))


def _facts_start(table: str) -> bytes:
    """The bytes before a segment's facts rows (its documents' table name is plain ASCII: TABLE_NAME)."""
    return b'{"' + FACTS.encode() + b'":{"1":{"' + table.encode() + b'":'


_FACTS_END = b"}},"  # after the rows: the end of the facts document and table


Parts = dict[str, tuple[bytes, bytes | None]]  # "<id>" -> (the document encoded, its facts row encoded)


def segment_bytes(table: str, docs: dict[str, dict], rows: list[list] | None, held: Parts | None = None,
                  changed: Collection[str] = (), fresh: Collection[str] = ()) -> tuple[bytes, int, Parts]:
    """A segment file's bytes (with its facts first, given `rows`), the offset where the rows end (the entry's
    `fb`; 0 without rows), and each document's parts: the same bytes as `encode({FACTS: {"1": {table: rows}},
    table: docs})` (or `encode({table: docs})`), put together so that the offset is known and so that a commit
    need not encode again what it did not change: `held`, the parts of the file the segment replaces as this
    process wrote it, are taken for the documents not in `changed` (and their rows, unless in `fresh`:
    projected anew)."""
    parts: Parts = {}
    for i, (key, doc) in enumerate(docs.items()):
        kept = held.get(key) if held and key not in changed else None
        row = None
        if rows is not None:
            row = kept[1] if kept is not None and kept[1] is not None and key not in fresh else encode(rows[i])
        parts[key] = (kept[0] if kept is not None else encode(doc), row)
    body = b"{" + encode(table) + b":{" + b",".join(b'"' + k.encode() + b'":' + p[0] for k, p in parts.items()) + b"}}"
    if rows is None:
        return body, 0, parts
    head = _facts_start(table) + b"[" + b",".join(p[1] for p in parts.values()) + b"]"  # type: ignore[misc]
    return head + _FACTS_END + body[1:], len(head), parts


def _cut(table: str, fb: int, facts: bool):
    """What of a segment file's bytes `read_json` parses: the rows, or the documents as `{"<table>": {…}}`."""
    start = _facts_start(table)

    def cut(raw: bytes) -> bytes:
        if not raw.startswith(start) or raw[fb:fb + len(_FACTS_END)] != _FACTS_END:
            raise ValueError("报告汇总的位置与清单不符")
        return raw[len(start):fb] if facts else b"{" + raw[fb + len(_FACTS_END):]

    return cut


def read_segment(home: Path, table: str, bucket: int, entry: dict[str, Any], backup: Path,
                 shared: bool = False) -> dict[str, dict]:
    """One segment's documents, checked: the right table, ids in the segment's range, the count the manifest says.
    `shared`: from the process's cache of parsed files (filecache.py), not to be changed (a writer copies the
    mapping before putting documents in it)."""
    path = home / entry["file"]

    def check(data: Any) -> dict[str, Any]:
        if not isinstance(data, dict) or list(data) != [table]:
            raise StoreError(f"{path} 不是 lianluo 的数据文件；{hint(backup)}")
        docs = check_table(path, table, data[table], backup)
        low = first_id(bucket)
        if len(docs) != entry["docs"] or not all(low <= int(k) < low + SEGMENT_SIZE for k in docs) or (
                "max" in entry and max(map(int, docs)) != entry["max"]):
            raise broken_table(path, table, backup)
        check_docs(path, table, docs, backup)
        return data

    def load() -> dict[str, dict]:
        cut = _cut(table, entry["fb"], facts=False) if "fb" in entry else None
        return open_file(NewFileStorage, path, backup, check, cut=cut).storage.read()[table]

    if shared:
        return FILES.read(path, ("segment", table, bucket, entry["docs"], entry.get("max")), load)
    return load()


def read_index(home: Path, table: str, name: str | None, backup: Path, shared: bool = False) -> dict[str, str]:
    """The table's open clocks, {"<id>": next_check}; no file means none (`shared`: as read_segment)."""
    if name is None:
        return {}
    path = home / name

    def check(data: Any) -> dict[str, str]:
        if not isinstance(data, dict) or not all(
                k.isascii() and k.isdigit() and isinstance(v, str) for k, v in data.items()):
            raise broken_table(path, table, backup)
        return data

    def load() -> dict[str, str]:
        return open_file(NewFileStorage, path, backup, check).storage.read()

    return FILES.read(path, ("index", table), load) if shared else load()


def has_facts(entry: dict[str, Any]) -> bool:
    """Whether a segment entry names report facts of any version (in the segment file or a file of their own)."""
    return "fb" in entry or "facts" in entry


def read_facts(home: Path, table: str, entry: dict[str, Any], backup: Path, shared: bool = False) -> list[list] | None:
    """The summaries of a segment's documents, as packed rows (`facts.packed`): the first line of the segment
    file (only those bytes are read), or, in a home written before, the facts file beside it; None when the
    segment has none of this program's version (written before them, or by an older FACTS_VERSION): the
    caller projects its documents. They are packed rows ({"<table>": [[values…], …]}), or, in a facts file
    written before the rows, {"<id>": summary}. `shared`: a reader's rows come from the per-process cache
    (filecache.py) — read-only."""
    if entry.get("fv") != FACTS_VERSION or not has_facts(entry):
        return None
    inline = "fb" in entry
    path = home / (entry["file"] if inline else entry["facts"])

    def check(data: Any) -> Any:
        kept = data if inline else data.get(table) if isinstance(data, dict) and list(data) == [table] else None
        if not isinstance(kept, (dict, list)) or len(kept) != entry["docs"]:
            raise broken_table(path, table, backup)
        if isinstance(kept, list) and any(not isinstance(row, list) or len(row) != len(FIELDS) for row in kept):
            raise broken_table(path, table, backup)
        return kept

    def load() -> list[list]:
        if inline:
            size, cut = entry["fb"] + len(_FACTS_END), _cut(table, entry["fb"], facts=True)
            return open_file(NewFileStorage, path, backup, check, size=size, cut=cut).storage.read()
        kept = open_file(NewFileStorage, path, backup, check).storage.read()
        return [packed(fact) for fact in kept.values()] if isinstance(kept, dict) else kept

    if not shared:
        return load()
    return FILES.read(path, facts_tag(table, entry), load, cost=entry.get("fb"))


def facts_tag(table: str, entry: dict[str, Any]) -> tuple:
    """How the read cache (filecache.py) knows a segment's facts rows."""
    return ("facts", table, entry["docs"], FACTS_VERSION)


def facts_rows(home: Path, table: str, docs: dict[str, dict], old: dict[str, Any] | None,
               changed: set[str] | None, backup: Path) -> tuple[list[list], set[str]]:
    """The packed summaries of a segment's documents about to be written, and the ids projected: the
    rows of the documents this commit did not put are taken from the segment's facts as they were (`old`,
    its entry before; `changed`: the ids put, None for all) instead of projecting those documents again.
    Facts of the old segment that cannot be read are no reason to refuse the write: projected instead."""
    before: dict[Any, list] = {}
    if old is not None and changed is not None and len(changed) < len(docs):
        try:
            before = {row[0]: row for row in read_facts(home, table, old, backup, shared=True) or ()}
        except (StoreError, Missing):
            before = {}
    rows, projected = [], set()
    for key, doc in docs.items():
        row = before.get(int(key)) if before and key not in changed else None  # type: ignore[operator]
        if row is None:
            row = packed(project(doc))
            projected.add(key)
        rows.append(row)
    return rows, projected


def write_segment(home: Path, table: str, bucket: int, is_open: bool, number: int, docs: dict[str, dict],
                  rows: list[list] | None, old: dict[str, Any] | None = None, changed: set[str] | None = None,
                  fresh: Collection[str] = ()) -> dict[str, Any]:
    """Write a segment's documents (and, given `rows`, their report facts first) as a new file, fsynced;
    returns its manifest entry. With `changed` (the ids put; `old`, the entry replaced), the documents not put
    are not encoded again when this process wrote the file replaced (its parts are in the read cache); a
    commit that put at most SHARE_PUT of them leaves its own parts there for the next."""
    name = f"{DATA_DIR}/{table}/{first_id(bucket)}{'-open' if is_open else ''}.{number}.json"
    entry: dict[str, Any] = {"file": name, "docs": len(docs), "max": max(map(int, docs))}
    held = FILES.held(home / old["file"], ("parts", table)) if old is not None and changed is not None else None
    blob, fb, parts = segment_bytes(table, docs, rows, held, changed or (), fresh)
    open_file(NewFileStorage, home / name, home / name, encoder=lambda _: blob).storage.write({table: docs})
    if changed is not None and len(changed) <= SHARE_PUT:
        FILES.put(home / name, ("parts", table), parts, cost=len(blob))
    if rows is not None:
        lo, hi, sessions, any_open = span(rows)
        entry.update({"fb": fb, "fv": FACTS_VERSION, "lo": lo, "hi": hi, "ss": sessions, "op": any_open})
    return entry


def split(whole: dict[str, Any]) -> tuple[dict[tuple[str, int, bool], dict[str, dict]], dict[str, dict[str, str]]]:
    """A one-file home's tables cut into segments, with each table's open-clock index."""
    loaded: dict[tuple[str, int, bool], dict[str, dict]] = {}
    indexes: dict[str, dict[str, str]] = {}
    for table, docs in whole.items():
        if table == META or not docs:  # an empty table (TinyDB's "_default", say) leaves no trace
            continue
        index = indexes.setdefault(table, {})
        for key, doc in docs.items():
            is_open = doc.get("next_check") is not None
            loaded.setdefault((table, bucket_of(int(key)), is_open), {})[key] = doc
            if is_open:
                index[key] = doc["next_check"]
    return loaded, indexes


# --- writing -------------------------------------------------------------------------------------------

def _write_new(path: Path, data: Any) -> None:
    """A file no manifest names yet, through its TinyDB storage (written once, fsynced)."""
    open_file(NewFileStorage, path, path).storage.write(data)


def _folder(home: Path, table: str, made: set[Path]) -> Path:
    folder = home / DATA_DIR / table
    if not folder.is_dir():
        for part in (home / DATA_DIR, folder):
            if not part.is_dir():
                make_dir(part)  # 0700; 2770 in a shared home
                made.add(part.parent)
    return folder


def commit(home: Path, manifest: Path, backup: Path | None, meta: dict[str, Any], old: Layout,
           segments: dict[tuple[str, int, bool], dict[str, dict]], indexes: dict[str, dict[str, str]],
           kept: set[str], changed: dict[tuple[str, int, bool], set[str]] | None = None,
           written_rows: dict[tuple[str, int, bool], list[list]] | None = None) -> Layout:
    """Write the changed segments (with their report facts) and indexes as new files, then the new manifest;
    returns the new layout.

    `backup`: where the manifest replaced is linked (None: leave the backup as it is); `kept`: the files the
    backup manifest names, kept on disk as long as it is the backup; `changed`: the ids put in each segment
    (the facts of the others are taken as they were; None: every document's projected); `written_rows`, when
    given, receives each written segment's facts rows."""
    number = max([old.commit, *scan(home).values()]) + 1
    tables = {name: {"segments": dict(t["segments"]), "index": t["index"]} for name, t in old.tables.items()}
    touched: set[Path] = set()
    damage = manifest.with_name(f"{manifest.name}.bak")
    for (table, bucket, is_open), docs in sorted(segments.items()):
        folder = _folder(home, check_table_name(table), touched)
        entries = tables.setdefault(table, {"segments": {}, "index": None})["segments"]
        if not docs:
            entries.pop((bucket, is_open), None)
            continue
        rows, fresh, old = None, set(), entries.get((bucket, is_open))
        put = None if changed is None else changed.get((table, bucket, is_open), set())
        if table in FACTS_TABLES and written():  # the report facts, in the same file as the documents (kernel/facts.py)
            rows, fresh = facts_rows(home, table, docs, old, put, damage)
            if written_rows is not None:
                written_rows[(table, bucket, is_open)] = rows
        # the documents in id order as read and appended; readers sort anyway
        entries[(bucket, is_open)] = write_segment(home, table, bucket, is_open, number, docs, rows, old, put, fresh)
        touched.add(folder)
    for table, index in sorted(indexes.items()):
        folder = _folder(home, check_table_name(table), touched)
        name = f"{DATA_DIR}/{table}/index.{number}.json" if index else None
        if name:
            _write_new(home / name, index)
            touched.add(folder)
        tables.setdefault(table, {"segments": {}, "index": None})["index"] = name
    for folder in sorted(touched):
        fsync_dir(folder)
    new = Layout(commit=number, tables={n: t for n, t in tables.items() if t["segments"] or t["index"]})
    new.kept = sorted(kept - new.files())
    write_manifest(manifest, meta, new, keep=backup)
    with contextlib.suppress(OSError):  # committed already; what is left is swept before the next commit
        sweep(home, new)
    return new


def rebuild_facts(home: Path, manifest: Path, backup: Path, meta: dict[str, Any], old: Layout,
                  progress=None) -> int:
    """Write every segment of the facts tables anew with its facts projected from its documents (a home
    written before, with facts files of their own, is moved to facts inside the segments), then a manifest
    naming them."""
    number = max([old.commit, *scan(home).values()]) + 1
    tables = {name: {"segments": {slot: dict(e) for slot, e in t["segments"].items()}, "index": t["index"]}
              for name, t in old.tables.items()}
    work = [(name, slot) for name in FACTS_TABLES if name in tables for slot in sorted(tables[name]["segments"])]
    total = sum(tables[name]["segments"][slot]["docs"] for name, slot in work)
    done = 0
    for name, (bucket, is_open) in work:
        entry = tables[name]["segments"][(bucket, is_open)]
        docs = read_segment(home, name, bucket, entry, backup)
        rows = [packed(project(doc)) for doc in docs.values()]
        tables[name]["segments"][(bucket, is_open)] = write_segment(home, name, bucket, is_open, number, docs, rows)
        done += len(docs)
        if progress is not None:
            progress(done, total)
    for name in {name for name, _ in work}:
        fsync_dir(home / DATA_DIR / name)
    new = Layout(commit=number, tables=tables)
    new.kept = sorted(old.files() - new.files())
    write_manifest(manifest, meta, new, keep=backup)
    with contextlib.suppress(OSError):
        sweep(home, new)
    return done


def scan(home: Path) -> dict[str, int]:
    """Every segment or index file under data/, with the commit counter in its name."""
    found = {}
    folder = home / DATA_DIR
    if not folder.is_dir():
        return found
    for table in os.scandir(folder):
        if table.is_dir():
            for entry in os.scandir(table.path):
                match = OUR_FILE.fullmatch(entry.name)
                if match:
                    found[f"{DATA_DIR}/{table.name}/{entry.name}"] = int(match.group(1))
    return found


def sweep(home: Path, layout: Layout) -> int:
    """Delete the segment and index files that neither the manifest nor its backup names."""
    keep = layout.files() | set(layout.kept)
    removed = 0
    for name in scan(home):
        if name not in keep:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(home / name)
                removed += 1
    return removed
