import json

from portal.cli import main


def test_db_upgrade_and_demo_twice(engine, capsys):
    assert main(["db", "upgrade"]) == 0
    assert main(["demo"]) == 0
    assert "โหลดรัฐวิสาหกิจตัวอย่าง" in capsys.readouterr().out
    assert main(["demo"]) == 0
    assert "ไม่ได้เปลี่ยนแปลงอะไร" in capsys.readouterr().out


def test_score_json_explains_every_subtopic(engine, capsys):
    main(["demo"])
    capsys.readouterr()
    assert main(["score", "--enterprise", "DEMO", "--year", "2569", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"enterprise", "year", "criteria_version", "method", "score", "parts"} <= set(data)
    subtopics = [s for p in data["parts"] for t in p["topics"] for s in t["subtopics"]]
    assert {"code", "weight", "level", "levels_met", "items", "blocking"} <= set(subtopics[0])
    item = subtopics[0]["items"][0]
    assert {"id", "level", "met", "reasons"} <= set(item)
    assert all(isinstance(s["levels_met"], int) for s in subtopics)


def test_score_table_is_thai_and_unknown_enterprise_fails_clearly(engine, capsys):
    main(["demo"])
    capsys.readouterr()
    assert main(["score", "--enterprise", "DEMO", "--year", "2569"]) == 0
    assert "คะแนนรวม SCM" in capsys.readouterr().out
    assert main(["score", "--enterprise", "NOPE", "--year", "2569"]) == 2
    assert "ไม่พบรัฐวิสาหกิจรหัส 'NOPE'" in capsys.readouterr().err


def test_every_command_is_documented_in_the_readme():
    from pathlib import Path

    from portal.cli import build_parser

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices  # noqa: SLF001
    assert [c for c in commands if f"scm-portal {c}" not in readme] == []
