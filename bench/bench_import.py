"""Import speed: a workbook of 100,000 VOC rows through the checked importer, against the floor of
reading the same file with `pandas.read_excel(engine="calamine")` plus a bulk insert of its rows.

    python -m bench.bench_import [--rows 100000]

Both start from copies of the same database (scale S: the units, segments and channels the rows
name) and are measured in one process, alternating, `--rounds` times (the machine is shared, so the
median ratio is the figure). The requirement: the import takes no more than 1.5 × (read + bulk insert).

    python -m bench.bench_import --rows 100000 --db /tmp/bench-L.db --rounds 5

With `--db` (a database of the target scale, e.g. L with its 500,000 VOC rows and every index) the
floor is the lean one of issue 18: the same file read with calamine, its codes mapped, and raw
`sqlite3` `executemany` of plain tuples into `vocrecord`; the checked import runs into the same
database. Both are rolled back after timing (the database stays as it was), interleaved A/B.
"""

import argparse
import io
import random
import shutil
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, func, insert, select
from sqlmodel import Session

from bench.generate import SCALES, YEAR, generate
from evidence import db
from evidence.access import Actor
from evidence.excel.importer import import_file
from evidence.excel.schema import BY_KEY
from evidence.excel.writer import SheetData, build_workbook
from evidence.models import CustomerSegment, ListeningChannel, OrgUnit, VocRecord
from evidence.models.base import utcnow
from evidence.models.users import Role
from evidence.services.lookups import natural_names
from evidence.settings import get_settings
from evidence.thai_dates import BE_OFFSET

LIMIT = 1.5
FAMILY = BY_KEY["voc"]


def _codes(engine: Engine, enterprise_id: int) -> dict[str, dict[int, str]]:
    with Session(engine) as session:
        return {
            "units": natural_names(session, OrgUnit, "code", enterprise_id=enterprise_id),
            "segments": natural_names(session, CustomerSegment, "code", enterprise_id=enterprise_id, year=YEAR),
            "channels": natural_names(session, ListeningChannel, "code", enterprise_id=enterprise_id),
        }


def voc_workbook(rows: int, codes: dict[str, dict[int, str]], seed: int = 7) -> bytes:
    """A workbook holding one VOC sheet of `rows` rows naming the units, segments and channels given."""
    rng = random.Random(seed)
    units, segments, channels = (sorted(codes[k].values()) for k in ("units", "segments", "channels"))
    start = date(YEAR - BE_OFFSET - 1, 10, 1)
    by_field = {c.field: i for i, c in enumerate(FAMILY.columns)}

    def row(n: int) -> list[object]:
        day = start + timedelta(days=rng.randrange(365))
        values: list[object] = [None] * len(FAMILY.columns)
        for name, value in {
            "ref_no": f"XL-{n:07d}", "org_unit_id": rng.choice(units), "received_on": day,
            "quarter": ((day.month - 10) % 12) // 3 + 1, "aspect": rng.choice(["product_service", "transaction"]),
            "lifecycle_group": "current", "kind": rng.choice(["need", "complaint", "suggestion"]),
            "segment_id": rng.choice(segments), "channel_id": rng.choice(channels), "touch_point": "ชำระเงิน",
            "priority": rng.randint(1, 5), "voc_status": "new", "text": f"เสียงของลูกค้ารายที่ {n}",
            "customer_name": f"ลูกค้า {n}" if n % 10 == 0 else None,
            "customer_phone": "0812345678" if n % 10 == 0 else None,
        }.items():
            values[by_field[name]] = value
        return values

    data = SheetData(rows=(row(n) for n in range(rows)), row_count=rows)
    return build_workbook([FAMILY], {FAMILY.key: data}, heading="VOC benchmark")


def baseline(engine: Engine, data: bytes, enterprise_id: int, codes: dict[str, dict[int, str]]) -> tuple[float, float]:
    """(seconds to read, seconds to bulk-insert): the floor any importer has to pay."""
    t0 = time.perf_counter()
    frame = pd.read_excel(io.BytesIO(data), sheet_name=FAMILY.sheet, engine="calamine", dtype=object)
    t1 = time.perf_counter()
    frame.columns = [c.field for c in FAMILY.columns]
    for name, key in (("org_unit_id", "units"), ("segment_id", "segments"), ("channel_id", "channels")):
        frame[name] = frame[name].map({code: i for i, code in codes[key].items()})
    parts = frame["received_on"].str.split("/", expand=True).astype(int)
    frame["received_on"] = pd.to_datetime(
        pd.DataFrame({"year": parts[2] - BE_OFFSET, "month": parts[1], "day": parts[0]})).dt.date
    labels = {c.field: {v: k for k, v in c.choices.items()} for c in FAMILY.columns if c.choices}
    for name, mapping in labels.items():
        frame[name] = frame[name].map(mapping)
    frame["status"] = frame["status"].fillna("approved")
    now = utcnow()
    frame = frame.assign(enterprise_id=enterprise_id, year=YEAR, created_at=now, updated_at=now,
                         created_by="bench", updated_by="bench", version=1)
    columns = list(frame.columns)
    plain = frame.astype(object).where(frame.notna(), None)
    rows = [dict(zip(columns, values, strict=True)) for values in plain.itertuples(index=False, name=None)]
    with engine.begin() as conn:
        conn.execute(insert(VocRecord.__table__), rows)  # type: ignore[attr-defined]
    return t1 - t0, time.perf_counter() - t1


def checked_import(engine: Engine, data: bytes, enterprise_id: int) -> tuple[float, int]:
    actor = Actor(username="bench.planner", role=Role.PLANNING, enterprise_id=enterprise_id)
    t0 = time.perf_counter()
    with Session(engine) as session:
        report = import_file(session, actor, data=data, filename="voc.xlsx", enterprise_id=enterprise_id, year=YEAR)
        session.commit()
    seconds = time.perf_counter() - t0
    if not report.stored:
        raise SystemExit(f"import refused: {report.summary()} {report.problems[:5]}")
    return seconds, report.sheets[0].created


def lean_floor(engine: Engine, data: bytes, enterprise_id: int, codes: dict[str, dict[int, str]]) -> float:
    """Read with calamine, map the codes, raw DB-API `executemany` of tuples; rolled back."""
    t0 = time.perf_counter()
    frame = pd.read_excel(io.BytesIO(data), sheet_name=FAMILY.sheet, engine="calamine", dtype=object)
    frame.columns = [c.field for c in FAMILY.columns]
    for name, key in (("org_unit_id", "units"), ("segment_id", "segments"), ("channel_id", "channels")):
        frame[name] = frame[name].map({code: i for i, code in codes[key].items()})
    labels = {c.field: {v: k for k, v in c.choices.items()} for c in FAMILY.columns if c.choices}
    for name, mapping in labels.items():
        frame[name] = frame[name].map(mapping)
    frame["status"] = frame["status"].fillna("approved")
    now = utcnow().isoformat(sep=" ")
    frame = frame.assign(enterprise_id=enterprise_id, year=YEAR, created_at=now, updated_at=now,
                         created_by="bench", updated_by="bench", version=1)
    columns = [c for c in frame.columns if c in VocRecord.__table__.c]  # type: ignore[attr-defined]
    rows = list(frame[columns].astype(object).where(frame[columns].notna(), None).itertuples(index=False, name=None))
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.executemany(f"INSERT INTO vocrecord ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                           rows)
        seconds = time.perf_counter() - t0
        raw.rollback()
    finally:
        raw.close()
    return seconds


def import_rolled_back(engine: Engine, data: bytes, enterprise_id: int) -> float:
    actor = Actor(username="bench.planner", role=Role.PLANNING, enterprise_id=enterprise_id)
    t0 = time.perf_counter()
    with Session(engine) as session:
        report = import_file(session, actor, data=data, filename="voc.xlsx", enterprise_id=enterprise_id, year=YEAR)
        session.flush()
        seconds = time.perf_counter() - t0
        session.rollback()
    if not report.stored:
        raise SystemExit(f"import refused: {report.summary()} {report.problems[:5]}")
    return seconds


def at_scale(path: Path, rows: int, rounds: int) -> None:
    """The checked import against the lean floor, both into the database at `path` (rolled back)."""
    import os

    engine = db.make_engine(f"sqlite:///{path.resolve()}")
    with Session(engine) as session:
        from evidence.models import Enterprise

        enterprise_id = int(session.execute(select(Enterprise.id).where(Enterprise.code == "BENCH-L")).scalar_one())
    codes = _codes(engine, enterprise_id)
    data = voc_workbook(rows, codes)
    get_settings.cache_clear()
    get_settings().max_upload_mb = max(get_settings().max_upload_mb, int(len(data) / 1e6) + 1)
    ratios = []
    for n in range(rounds):
        pair = (("floor", lambda: lean_floor(engine, data, enterprise_id, codes)),
                ("import", lambda: import_rolled_back(engine, data, enterprise_id)))
        times = {}
        for name, fn in (pair if n % 2 == 0 else pair[::-1]):
            times[name] = fn()
        ratios.append(times["import"] / times["floor"])
        print(f"round {n + 1}: lean floor {times['floor']:.2f} s, checked import {times['import']:.2f} s "
              f"= {ratios[-1]:.2f} x (load {os.getloadavg()[0]:.1f})", flush=True)
    print(f"{rows:,} VOC rows into {path.name}: median {statistics.median(ratios):.2f} x, min {min(ratios):.2f} x "
          "the lean floor (raw executemany)")
    engine.dispose()


def _count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(VocRecord.__table__)).scalar_one())  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description="เวลานำเข้า VOC จาก Excel เทียบกับการอ่านไฟล์และบันทึกแบบรวดเดียว")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--db", type=Path, help="a database of the target scale (SQLite, e.g. scale L)")
    args = parser.parse_args()
    if args.db:
        at_scale(args.db, args.rows, args.rounds)
        return
    work = Path(tempfile.mkdtemp(prefix="scm-bench-import-"))
    template = work / "template.db"
    engine = db.make_engine(f"sqlite:///{template}")
    db.upgrade(engine)
    enterprise_id = generate(engine, SCALES["S"]).enterprise_id
    codes = _codes(engine, enterprise_id)
    engine.dispose()
    t0 = time.perf_counter()
    data = voc_workbook(args.rows, codes)
    print(f"workbook: {args.rows:,} VOC rows, {len(data) / 1e6:.1f} MB, written in {time.perf_counter() - t0:.1f} s")
    get_settings.cache_clear()
    get_settings().max_upload_mb = max(get_settings().max_upload_mb, int(len(data) / 1e6) + 1)
    ratios = []
    for round_no in range(1, args.rounds + 1):
        engines = {}
        for name in ("baseline", "import"):
            shutil.copyfile(template, work / f"{name}.db")
            engines[name] = db.make_engine(f"sqlite:///{work / f'{name}.db'}")
        before = _count(engines["import"])
        if round_no % 2:
            read_s, insert_s = baseline(engines["baseline"], data, enterprise_id, codes)
            import_s, created = checked_import(engines["import"], data, enterprise_id)
        else:
            import_s, created = checked_import(engines["import"], data, enterprise_id)
            read_s, insert_s = baseline(engines["baseline"], data, enterprise_id, codes)
        stored = _count(engines["import"]) - before
        floor = read_s + insert_s
        ratios.append(import_s / floor)
        print(f"round {round_no}: read_excel (calamine) {read_s:.2f} s + bulk insert {insert_s:.2f} s = floor "
              f"{floor:.2f} s; checked import {import_s:.2f} s ({created:,} created, {stored:,} stored) "
              f"= {import_s / floor:.2f} × floor")
        for engine in engines.values():
            engine.dispose()
    median = statistics.median(ratios)
    print(f"median: {median:.2f} × floor (limit {LIMIT} ×): {'PASS' if median <= LIMIT else 'FAIL'}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
