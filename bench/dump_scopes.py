"""Every scope and setting's snapshot and assessment as JSON, to compare two code trees (issue 18 §2).

    PYTHONPATH=/work/main python -m bench.dump_scopes --db sqlite:////tmp/demo.db --out before.json
    PYTHONPATH=.          python -m bench.dump_scopes --db sqlite:////tmp/demo.db --out after.json
    diff before.json after.json    # nothing: scores, reasons and citations unchanged

For the first enterprise whose code is DEMO or starts with BENCH- (or `--enterprise`): the whole
enterprise and each line, each scoring method and claim setting: the snapshot (`dataclasses.asdict`)
and the assessment, keys sorted. Runs on any tree that has `build_snapshot` and `score_enterprise`.
"""

import argparse
import dataclasses
import json
from datetime import date, datetime

from sqlmodel import Session, select

from evidence import db
from evidence.access import SYSTEM
from evidence.models import Enterprise
from evidence.models.org import OrgUnit, UnitKind

YEAR = 2569


def _plain(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, frozenset | set):
        return sorted((_plain(v) for v in value), key=str)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def dump(url: str, code: str | None) -> dict[str, object]:
    from criteria.scoring import CLAIM_MODES
    from evidence.services.scoring import forget_recent, score_enterprise
    from evidence.snapshot import build_snapshot

    engine = db.make_engine(url)
    out: dict[str, object] = {}
    with Session(engine) as session:
        query = select(Enterprise.id, Enterprise.code).order_by(Enterprise.id)
        eid = next(i for i, c in session.exec(query).all() if (c == code if code else c == "DEMO" or c.startswith("BENCH-")))
        lines = session.exec(select(OrgUnit.id).where(OrgUnit.enterprise_id == eid, OrgUnit.kind == UnitKind.LINE)
                             .order_by(OrgUnit.id)).all()
        forget_recent()
        for division in (None, *lines):
            out[f"snapshot {division}"] = _plain(build_snapshot(session, enterprise_id=eid, year=YEAR,
                                                                division_id=division))
            for method in ("whole-levels", "partial"):
                for mode in CLAIM_MODES:
                    result = score_enterprise(session, SYSTEM, enterprise_id=eid, year=YEAR, division_id=division,
                                              method=method, claim_mode=mode)
                    out[f"assessment {division} {method} {mode}"] = _plain(result)
        session.rollback()
    engine.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--enterprise")
    args = parser.parse_args()
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(dump(args.db, args.enterprise), f, ensure_ascii=False, indent=1, sort_keys=True, default=str)


if __name__ == "__main__":
    main()
