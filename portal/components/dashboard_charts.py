"""Plotly figures of the dashboard, with Thai labels: result objects in, a figure out (no queries).

A figure costs 25–55 ms to build (plotly validates every property), several times what Streamlit then
spends sending it; `kept` builds each figure once per enterprise, year, data version and setting in the
process and hands the same figure to every session (bench/RESULTS.md, "The warm dashboard page").
"""

from collections.abc import Callable, Hashable, Mapping, Sequence

import plotly.graph_objects as go
import streamlit as st

from criteria.results import Assessment
from evidence.models.customers import VOC_ASPECT_TH, VocAspect
from evidence.services.dashboard import FAMILIES, Completeness, StageQuarter, VocCell, YearScore
from portal.components.safe_text import chart_label

FONT = "Sarabun, 'Noto Sans Thai', sans-serif"
PART_COLOURS = {"SM": "#2a9d8f", "CM": "#1f5aa6"}
STAGE_COLOURS = ("#8ecae6", "#219ebc", "#126782", "#023047")
QUARTERS = ("ไตรมาส 1", "ไตรมาส 2", "ไตรมาส 3", "ไตรมาส 4")


@st.cache_resource(ttl=3600, max_entries=256, show_spinner=False)
def _kept(kind: str, key: tuple[Hashable, ...], _build: Callable[[], go.Figure]) -> go.Figure:
    return _build()


def kept(kind: str, key: tuple[Hashable, ...], build: Callable[[], go.Figure]) -> go.Figure:
    """The figure `kind` for `key` (enterprise, year, data version, day and the page's settings), built
    once per process. Only for figures of results every reader of the enterprise shares (the services
    checked the reader's access when they handed the results over); `st.plotly_chart` copies the figure
    and never changes it, so sessions may share one."""
    return _kept(kind, key, build)


def _layout(fig: go.Figure, *, height: int, title: str = "", **extra: object) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "font": {"size": 16}} if title else None,
        font={"family": FONT, "size": 13}, height=height, margin={"l": 10, "r": 10, "t": 40 if title else 10, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0}, separators=".,", **extra,
    )
    return fig


def topic_figure(result: Assessment, targets: Mapping[str, float]) -> go.Figure:
    """Each topic's level (0–5) as a bar, its target as a diamond."""
    topics = [(p.code, t) for p in result.parts for t in p.topics]
    labels = [chart_label(f"{t.code} {t.name_th}") for _, t in topics]
    fig = go.Figure()
    fig.add_bar(
        y=labels, x=[t.score or 0 for _, t in topics], orientation="h", name="ระดับที่คำนวณได้",
        marker_color=[PART_COLOURS.get(part, "#1f5aa6") for part, _ in topics],
        text=[f"{t.score:.2f}" if t.score is not None else "–" for _, t in topics], textposition="auto",
        hovertemplate="%{y}<br>ระดับ %{x:.2f}<extra></extra>",
    )
    wanted = [(label, targets[t.code]) for label, (_, t) in zip(labels, topics, strict=True) if t.code in targets]
    if wanted:
        fig.add_scatter(
            y=[w[0] for w in wanted], x=[w[1] for w in wanted], mode="markers", name="เป้าหมาย",
            marker={"symbol": "diamond", "size": 13, "color": "#e76f51", "line": {"width": 1, "color": "white"}},
            hovertemplate="%{y}<br>เป้าหมาย %{x:.2f}<extra></extra>",
        )
    fig.update_xaxes(range=[0, 5], dtick=1, title="ระดับ (0–5)")
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, height=80 + 34 * len(labels))


def subtopic_figure(result: Assessment) -> go.Figure:
    """Every sub-topic's computed level, with the assessor's level beside it where given."""
    subs = result.subtopics()
    labels = [chart_label(f"{s.code} {s.name_th}"[:60]) for s in subs]
    fig = go.Figure()
    fig.add_bar(
        y=labels, x=[s.level or 0 for s in subs], orientation="h", name="ระดับที่คำนวณได้",
        marker_color=[PART_COLOURS.get(s.code[:2], "#1f5aa6") for s in subs],
        text=[f"{s.level:.2f}" if s.level is not None else "–" for s in subs], textposition="auto",
        customdata=[", ".join(s.blocking) or "–" for s in subs],
        hovertemplate="%{y}<br>ระดับ %{x:.2f}<br>รายการที่ขวางระดับถัดไป: %{customdata}<extra></extra>",
    )
    rated = [(label, s.assessor_level) for label, s in zip(labels, subs, strict=True) if s.assessor_level is not None]
    if rated:
        fig.add_scatter(
            y=[r[0] for r in rated], x=[r[1] for r in rated], mode="markers", name="ระดับที่ผู้ประเมินให้",
            marker={"symbol": "line-ns-open", "size": 18, "line": {"width": 3, "color": "#e76f51"}},
        )
    fig.update_xaxes(range=[0, 5], dtick=1, title="ระดับ (0–5)")
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, height=80 + 24 * len(labels))


def heatmap_figure(cells: Sequence[Completeness]) -> go.Figure:
    """Lines × record families, coloured by completeness; hovering shows what is still owed."""
    lines = list(dict.fromkeys(c.line for c in cells))
    grid = {(c.line, c.family): c for c in cells}
    shown = [chart_label(line) for line in lines]  # unit names are user text
    z, text, owed = [], [], []
    for line in lines:
        row = [grid.get((line, f)) for f in FAMILIES]
        z.append([None if c is None or c.share is None else round(100 * c.share, 1) for c in row])
        text.append(["–" if c is None or c.share is None else f"{100 * c.share:.0f}%" for c in row])
        owed.append(["ไม่มีข้อมูลให้ตรวจ" if c is None or c.share is None else chart_label(c.owed) for c in row])
    fig = go.Figure(go.Heatmap(
        z=z, x=list(FAMILIES), y=shown, text=text, texttemplate="%{text}", customdata=owed, zmin=0, zmax=100,
        colorscale=[[0, "#d62828"], [0.6, "#f4a261"], [0.85, "#e9c46a"], [1, "#2a9d8f"]],
        colorbar={"title": {"text": "ครบถ้วน (%)"}}, xgap=2, ygap=2,
        hovertemplate="%{y}<br>%{x}: %{text}<br>%{customdata}<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, height=120 + 34 * len(lines), plot_bgcolor="#eeeeee")


def complaints_figure(stages: Sequence[StageQuarter]) -> go.Figure:
    """Share of complaint cases within the time standard, per quarter and stage (P5)."""
    fig = go.Figure()
    names = list(dict.fromkeys((s.stage, s.stage_th) for s in stages))
    for colour, (stage, label) in zip(STAGE_COLOURS, names, strict=False):
        rows = [s for s in stages if s.stage == stage]
        fig.add_bar(
            x=[QUARTERS[s.quarter - 1] for s in rows], y=[None if s.share is None else 100 * s.share for s in rows],
            name=label, marker_color=colour,
            customdata=[[s.within, s.measured, s.standard_hours or 0] for s in rows],
            hovertemplate=(f"{label} %{{x}}<br>ตามมาตรฐาน %{{y:.1f}}%<br>%{{customdata[0]:,}} จาก "
                           "%{customdata[1]:,} เรื่อง (มาตรฐาน %{customdata[2]:g} ชม.)<extra></extra>"),
        )
    fig.update_yaxes(range=[0, 100], title="ร้อยละของเรื่องที่อยู่ในมาตรฐาน")
    return _layout(fig, height=340, barmode="group")


def voc_quarter_figure(cells: Sequence[VocCell]) -> go.Figure:
    """VOC records per quarter, stacked by the four aspects (C7)."""
    fig = go.Figure()
    for aspect in VocAspect:
        counts = [sum(c.records for c in cells if c.quarter == q and c.aspect == aspect) for q in (1, 2, 3, 4)]
        high = [sum(c.high_priority for c in cells if c.quarter == q and c.aspect == aspect) for q in (1, 2, 3, 4)]
        fig.add_bar(x=list(QUARTERS), y=counts, name=VOC_ASPECT_TH[aspect], customdata=high,
                    hovertemplate="%{x}<br>" + VOC_ASPECT_TH[aspect]
                    + " %{y:,} เรื่อง<br>ความสำคัญสูง (1–2) %{customdata:,} เรื่อง<extra></extra>")
    fig.update_yaxes(title="จำนวน VOC", tickformat=",")
    return _layout(fig, height=340, barmode="stack")


def voc_segment_figure(cells: Sequence[VocCell]) -> go.Figure:
    """VOC records per customer segment, with those of high priority (1–2)."""
    segments: dict[str, list[int]] = {}
    for c in cells:
        totals = segments.setdefault(c.segment, [0, 0, 0])
        totals[0] += c.records
        totals[1] += c.high_priority
        totals[2] += c.priority_sum
    names = sorted(segments, key=lambda s: -segments[s][0])
    labels = [chart_label(s) for s in names]  # segment names are user text
    fig = go.Figure()
    fig.add_bar(y=labels, x=[segments[s][0] for s in names], orientation="h", name="VOC ทั้งหมด",
                marker_color="#8ecae6", hovertemplate="%{y}<br>%{x:,} เรื่อง<extra></extra>")
    fig.add_bar(y=labels, x=[segments[s][1] for s in names], orientation="h", name="ความสำคัญสูง (1–2)",
                marker_color="#e76f51",
                customdata=[segments[s][2] / segments[s][0] if segments[s][0] else 0 for s in names],
                hovertemplate="%{y}<br>ความสำคัญสูง %{x:,} เรื่อง<br>ลำดับความสำคัญเฉลี่ย %{customdata:.2f}"
                              "<extra></extra>")
    fig.update_xaxes(title="จำนวน VOC", tickformat=",")
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, height=120 + 40 * len(names), barmode="overlay")


def history_figure(years: Sequence[YearScore], current: Assessment) -> go.Figure:
    """Scores of earlier years beside this one (Buddhist-Era years)."""
    rows = [*years, YearScore(current.year, current.score, tuple((p.code, p.score) for p in current.parts))]
    labels = [f"พ.ศ. {y.year}" for y in rows]
    fig = go.Figure()
    fig.add_bar(x=labels, y=[y.score or 0 for y in rows], name="SCM รวม", marker_color="#264653",
                text=[level for level in (f"{y.score:.2f}" if y.score is not None else "–" for y in rows)])
    for code, colour in PART_COLOURS.items():
        fig.add_scatter(x=labels, y=[dict(y.parts).get(code) for y in rows], name=code, mode="lines+markers",
                        line={"color": colour})
    fig.update_yaxes(range=[0, 5], title="คะแนน (0–5)")
    return _layout(fig, height=320)
