"""Backup and restore of one enterprise, generic over `SQLModel.metadata`.

A backup holds every row of every table with an `enterprise_id` of the enterprise, the rows of child
tables reached by foreign keys from those, the rows they in turn point to (an assessor's account,
a criteria version pinned by a year), and the evidence files, under `manifest.json` with the SHA-256
of each table file and each evidence file; `manifest.sha256` holds the hash of the manifest itself.
A table added later (e.g. the document register) is included without any change here.

Restore goes into a database that does not hold the enterprise yet, keeps every id (so scores,
reports and file links come back identical), and is all or nothing: a bad hash, an enterprise that is
already there or a row that clashes stops it with a Thai message before anything is kept.
"""

import hashlib
import io
import json
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Table, insert, select, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel

import evidence.models  # noqa: F401  (every table on the metadata)
from evidence.access import Actor, require_admin
from evidence.audit import record_audit
from evidence.db import current_revision
from evidence.errors import DomainError, NotFound
from evidence.filestore import Storage, content_key, default_storage
from evidence.planner_stats import analyze_loaded
from evidence.transactions import savepoint

FORMAT = 1
CHUNK = 500
# Rows found by value, not by foreign key: (table, column) ← (table of the enterprise, column).
BY_VALUE = {("criteriaversionrecord", "version"): ("assessmentyear", "criteria_version")}


class BackupRefused(DomainError):
    """A backup that cannot be restored here; nothing was changed."""


@dataclass(frozen=True)
class RestoreReport:
    enterprise: str
    rows: dict[str, int]
    files: int

    def summary(self) -> str:
        return (f"กู้คืนรัฐวิสาหกิจ {self.enterprise} แล้ว: {sum(self.rows.values()):,} แถว "
                f"จาก {len(self.rows)} ตาราง และไฟล์หลักฐาน {self.files:,} ไฟล์")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _json_default(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__}")


def _collect(session: Session, enterprise_id: int) -> dict[str, dict[int, dict[str, object]]]:
    """table name → id → row: the enterprise's rows, their children and the rows they point to."""
    # the search index is derived (its triggers rebuild it as the rows are restored): never backed up
    tables = {t.name: t for t in SQLModel.metadata.sorted_tables if t.name != "searchdoc"}
    rows: dict[str, dict[int, dict[str, object]]] = defaultdict(dict)
    for table in tables.values():
        if "enterprise_id" in table.c or table.name == "enterprise":
            key = table.c.id if table.name == "enterprise" else table.c.enterprise_id
            for row in session.execute(select(table).where(key == enterprise_id)).mappings():
                rows[table.name][row["id"]] = dict(row)
    changed = True
    while changed:  # children (FK into collected rows) and parents (FK out of collected rows)
        changed = False
        for table in tables.values():
            for fk in table.foreign_keys:
                parent, column = fk.column.table.name, fk.parent.name
                if parent == "enterprise" or column == "enterprise_id":
                    continue
                wanted_children = set(rows.get(parent, {})) if "enterprise_id" not in table.c else set()
                wanted_parents = {r[column] for r in rows.get(table.name, {}).values() if r.get(column) is not None}
                missing_parents = wanted_parents - set(rows.get(parent, {}))
                for ids, target, where in ((wanted_children, table, table.c[column]),
                                           (missing_parents, tables[parent], tables[parent].c.id)):
                    for start in range(0, len(ids), CHUNK):
                        part = sorted(ids)[start:start + CHUNK]
                        for row in session.execute(select(target).where(where.in_(part))).mappings():
                            if row["id"] not in rows[target.name]:
                                rows[target.name][row["id"]] = dict(row)
                                changed = True
    for (table_name, column), (source, source_column) in BY_VALUE.items():
        values = {r[source_column] for r in rows.get(source, {}).values()}
        table = tables[table_name]
        for row in session.execute(select(table).where(table.c[column].in_(values))).mappings():
            rows[table_name][row["id"]] = dict(row)
    return rows


def backup_enterprise(session: Session, actor: Actor, *, enterprise_id: int, storage: Storage | None = None) -> bytes:
    """The enterprise as a `.zip`: one JSON-lines file per table, the evidence files, the manifest."""
    require_admin(actor, session=session, attempt="backup")
    storage = storage or default_storage()
    rows = _collect(session, enterprise_id)
    if not rows.get("enterprise"):
        raise NotFound(f"ไม่พบรัฐวิสาหกิจรหัส {enterprise_id}", field="enterprise")
    code = str(next(iter(rows["enterprise"].values()))["code"])
    manifest: dict[str, object] = {"format": FORMAT, "enterprise": code,
                                   "schema_revision": current_revision(session.get_bind()),  # type: ignore[arg-type]
                                   "tables": {}, "files": {}}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in SQLModel.metadata.sorted_tables:
            found = rows.get(table.name)
            if not found:
                continue
            data = "".join(json.dumps(found[i], default=_json_default, ensure_ascii=False, sort_keys=True) + "\n"
                           for i in sorted(found)).encode("utf-8")
            archive.writestr(f"tables/{table.name}.jsonl", data)
            manifest["tables"][table.name] = {"rows": len(found), "sha256": _sha(data)}  # type: ignore[index]
        for row in rows.get("evidencefile", {}).values():
            content = storage.get(str(row["storage_key"]))
            archive.writestr(f"files/{row['sha256']}", content)
            manifest["files"][row["sha256"]] = len(content)  # type: ignore[index]
        text_manifest = json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
        archive.writestr("manifest.json", text_manifest)
        archive.writestr("manifest.sha256", _sha(text_manifest) + "\n")
    record_audit(session, actor, "backup", enterprise_id=enterprise_id, summary=f"สำรองข้อมูลรัฐวิสาหกิจ {code}",
                 after={"tables": len(manifest["tables"]), "files": len(manifest["files"])})  # type: ignore[arg-type]
    return buffer.getvalue()


def _read_verified(data: bytes) -> tuple[dict, dict[str, bytes], dict[str, bytes]]:  # type: ignore[type-arg]
    """The manifest, table files and evidence files, each checked against its SHA-256."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        text_manifest = archive.read("manifest.json")
        expected = archive.read("manifest.sha256").decode().strip()
    except (zipfile.BadZipFile, KeyError):
        raise BackupRefused("ไฟล์นี้ไม่ใช่ไฟล์สำรองข้อมูลของพอร์ทัล (ไม่พบ manifest.json)", field="file") from None
    if _sha(text_manifest) != expected:
        raise BackupRefused("ไฟล์สำรองข้อมูลถูกแก้ไข: SHA-256 ของ manifest.json ไม่ตรงกับที่บันทึกไว้", field="file")
    manifest = json.loads(text_manifest)
    tables, files = {}, {}
    for name, info in manifest["tables"].items():
        content = archive.read(f"tables/{name}.jsonl")
        if _sha(content) != info["sha256"]:
            raise BackupRefused(f"ไฟล์สำรองข้อมูลถูกแก้ไข: SHA-256 ของตาราง {name} ไม่ตรงกับ manifest", field="file")
        tables[name] = content
    for sha in manifest["files"]:
        content = archive.read(f"files/{sha}")
        if content_key(content) != sha:
            raise BackupRefused(f"ไฟล์สำรองข้อมูลถูกแก้ไข: ไฟล์หลักฐาน {sha[:12]}… ไม่ตรงกับ SHA-256", field="file")
        files[sha] = content
    return manifest, tables, files


def _typed(table: Table, row: dict[str, object]) -> dict[str, object]:
    out: dict[str, object] = {}
    for name, value in row.items():
        column = table.c[name]
        if isinstance(value, str) and isinstance(column.type, DateTime):
            value = datetime.fromisoformat(value)
        elif isinstance(value, str) and isinstance(column.type, Date):
            value = date.fromisoformat(value)
        elif isinstance(column.type, Boolean) and value is not None:
            value = bool(value)
        out[name] = value
    return out


def restore_backup(session: Session, actor: Actor, data: bytes, *, storage: Storage | None = None) -> RestoreReport:
    """Put a verified backup into this database, every id kept; all or nothing."""
    require_admin(actor, session=session, attempt="restore")
    manifest, tables, files = _read_verified(data)
    revision = current_revision(session.get_bind())  # type: ignore[arg-type]
    if manifest.get("schema_revision") != revision:
        raise BackupRefused(f"ไฟล์สำรองข้อมูลมาจากฐานข้อมูลรุ่น {manifest.get('schema_revision')} "
                            f"แต่ฐานข้อมูลนี้เป็นรุ่น {revision}: ปรับให้ตรงกันก่อน (scm-portal db upgrade)", field="file")
    code = manifest["enterprise"]
    enterprise = SQLModel.metadata.tables["enterprise"]
    if session.execute(select(enterprise.c.id).where(enterprise.c.code == code)).first():
        raise BackupRefused(f"ฐานข้อมูลนี้มีรัฐวิสาหกิจรหัส '{code}' อยู่แล้ว จึงไม่กู้คืนทับ "
                            "(กู้คืนได้เฉพาะฐานข้อมูลที่ยังไม่มีรัฐวิสาหกิจนี้)", field="enterprise")
    counts: dict[str, int] = {}
    nested = savepoint(session)
    try:
        for table in SQLModel.metadata.sorted_tables:
            if table.name not in tables:
                continue
            rows = [_typed(table, json.loads(line)) for line in tables[table.name].decode("utf-8").splitlines() if line]
            if table.name == "criteriaversionrecord":
                present = set(session.execute(select(table.c.version)).scalars())
                rows = [r for r in rows if r["version"] not in present]
            clash = set(session.execute(select(table.c.id).where(table.c.id.in_([r["id"] for r in rows]))).scalars()) \
                if rows else set()
            if clash:
                raise BackupRefused(f"ตาราง {table.name} ของฐานข้อมูลนี้มีข้อมูลรหัสเดียวกับในไฟล์สำรองอยู่แล้ว "
                                    f"({len(clash):,} แถว) จึงไม่กู้คืน: ใช้ฐานข้อมูลว่าง", field="file")
            for start in range(0, len(rows), CHUNK):
                session.execute(insert(table), rows[start:start + CHUNK])
            counts[table.name] = len(rows)
        _reset_sequences(session)
        analyze_loaded(session, counts)  # a restored enterprise of scale L: fresh planner statistics
        nested.commit()
    except IntegrityError as error:
        nested.rollback()
        raise BackupRefused(f"กู้คืนไม่ได้: ข้อมูลในไฟล์ซ้ำหรือขัดกับข้อมูลที่มีอยู่แล้ว ({type(error.orig).__name__})",
                            field="file") from None
    except BaseException:
        nested.rollback()
        raise
    storage = storage or default_storage()
    for content in files.values():
        storage.put(content)
    record_audit(session, actor, "restore", enterprise_id=_first_id(tables),
                 summary=f"กู้คืนรัฐวิสาหกิจ {code} จากไฟล์สำรองข้อมูล", after={"rows": counts, "files": len(files)})
    return RestoreReport(code, counts, len(files))


def _first_id(tables: dict[str, bytes]) -> int:
    return int(json.loads(tables["enterprise"].decode().splitlines()[0])["id"])


def _reset_sequences(session: Session) -> None:
    """PostgreSQL: move each id sequence past the restored ids (SQLite needs nothing)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in SQLModel.metadata.sorted_tables:
        if "id" in table.c:
            session.execute(text(
                f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                f"COALESCE((SELECT max(id) FROM \"{table.name}\"), 1), "
                f"(SELECT max(id) FROM \"{table.name}\") IS NOT NULL)"))
