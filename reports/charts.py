"""Charts as PNG with matplotlib (no browser), labelled in Thai.

The Thai font is looked up once: TH Sarabun New, TH SarabunPSK, then the free fonts-thai-tlwg faces
(Laksaman is metrically compatible with TH SarabunPSK), then Noto Sans Thai. Their files are
registered with matplotlib directly (`fontManager.addfont`), so a font cache built before the fonts
were installed does not hide them. Without any of them, or when a label has a glyph the font lacks,
the chart fails loudly (`ThaiFontMissing`) instead of drawing empty boxes.
"""

import io
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from evidence.errors import DomainError

THAI_FONT_CANDIDATES = (
    "TH Sarabun New",
    "TH SarabunPSK",
    "Laksaman",
    "Garuda",
    "Loma",
    "Norasi",
    "Noto Sans Thai",
    "Noto Serif Thai",
)
THAI_PROBE = "กขคภาษาไทย่้๊๋"

CURRENT_COLOR = "#1f4e79"
TARGET_COLOR = "#c9d7e8"
REACHABLE_COLOR = "#c55a11"
CHARTS_KEPT = 32  # PNGs kept per process (about 100 KB each)


class ThaiFontMissing(DomainError):
    """No font with Thai glyphs is installed, or a label has glyphs the font lacks: no chart is drawn."""


NO_THAI_FONT = "ไม่พบฟอนต์ภาษาไทยบนเครื่องแม่ข่าย (ติดตั้ง fonts-thai-tlwg) จึงสร้างแผนภูมิไม่ได้"
_FILE_STEMS = tuple(name.replace(" ", "").lower() for name in THAI_FONT_CANDIDATES)


def _register_font_files() -> None:
    """Add every installed Thai font file to matplotlib's manager, whatever its cache says."""
    from matplotlib import font_manager

    known = {entry.fname for entry in font_manager.fontManager.ttflist}
    for path in font_manager.findSystemFonts():
        stem = path.rsplit("/", 1)[-1].lower().replace(" ", "").replace("-", "")
        if path not in known and stem.startswith(_FILE_STEMS):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue


@lru_cache(maxsize=1)
def thai_font() -> str | None:
    """The family name of the first installed Thai-capable font, or None."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    _register_font_files()

    by_name: dict[str, str] = {}
    for entry in font_manager.fontManager.ttflist:
        by_name.setdefault(entry.name, entry.fname)
    for name in THAI_FONT_CANDIDATES:
        path = by_name.get(name)
        if path is None:
            continue
        try:
            charmap = FT2Font(path).get_charmap()
        except (OSError, RuntimeError):
            continue
        if all(ord(ch) in charmap for ch in THAI_PROBE):
            return name
    return None


def _font_family() -> list[str]:
    name = thai_font()
    if name is None:
        raise ThaiFontMissing(NO_THAI_FONT)
    return [name, "DejaVu Sans"]


@dataclass(frozen=True)
class LevelBar:
    """One bar pair: `label` (e.g. "CM5 การจัดการความสัมพันธ์กับลูกค้า"), current level and the stored
    target (0–5); `reachable`, when given, is a third series drawn as a marker (e.g. the level once the
    blocking items are met), labelled for what it is."""

    label: str
    current: float | None
    target: float | None
    reachable: float | None = None


def level_bars_png(
    bars: Sequence[LevelBar],
    *,
    title: str,
    current_label: str = "ระดับปัจจุบัน",
    target_label: str = "เป้าหมาย",
    reachable_label: str = "",
    scale: int = 5,
    dpi: int = 200,
) -> bytes:
    """Horizontal bars of current vs target level per topic, on the 0–`scale` level axis.

    Kept with what it draws: the same bars (an assessment's levels and targets: one data version of
    the enterprise) give the PNG drawn the first time, so a second report of that assessment, or the
    evidence pack after the readiness report, draws nothing (issue 18 §3)."""
    family = tuple(_font_family())  # the font is part of what is drawn (and of the key)
    return _level_bars_png(tuple(bars), title, current_label, target_label, reachable_label, scale, dpi, family)


@lru_cache(maxsize=CHARTS_KEPT)
def _level_bars_png(
    bars: tuple[LevelBar, ...], title: str, current_label: str, target_label: str, reachable_label: str,
    scale: int, dpi: int, fonts: tuple[str, ...],
) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    family = list(fonts)
    height = 1.35 + 0.7 * max(len(bars), 1)
    fig = Figure(figsize=(6.3, height), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    positions = [float(n) for n in range(len(bars))][::-1]
    target = [b.target or 0.0 for b in bars]
    current = [b.current or 0.0 for b in bars]
    ax.barh(positions, target, height=0.38, color=TARGET_COLOR, edgecolor="#7f9cc0", label=target_label)
    ax.barh(positions, current, height=0.22, color=CURRENT_COLOR, label=current_label)
    marked = [(y, b.reachable) for y, b in zip(positions, bars, strict=True) if b.reachable is not None]
    if reachable_label and marked:
        ax.scatter([v for _, v in marked], [y for y, _ in marked], marker="D", s=26, color=REACHABLE_COLOR,
                   zorder=3, label=reachable_label)
    for y, bar in zip(positions, bars, strict=True):
        ax.text(0, y + 0.24, bar.label, va="bottom", ha="left", fontsize=12, family=family, color="#222222")
        now = "ไม่ได้ประเมิน" if bar.current is None else f"{bar.current:.2f}"
        goal = "  (ไม่ได้กำหนดเป้าหมาย)" if bar.target is None else f"  (เป้าหมาย {bar.target:.2f})"
        end = max(bar.current or 0.0, bar.target or 0.0, bar.reachable or 0.0)
        ax.text(end + 0.06, y, now + goal, va="center", ha="left", fontsize=11, family=family, color="#222222")
    ax.set_yticks([])
    ax.set_ylim(-0.5, len(bars) - 0.2)
    ax.set_xlim(0, scale + 1.8)
    ax.set_xticks(range(scale + 1), [str(n) for n in range(scale + 1)], fontsize=11, family=family)
    ax.set_xlabel("ระดับ (0–5)", fontsize=12, family=family)
    ax.grid(axis="x", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.set_title(title, fontsize=14, family=family, loc="left", pad=24)
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=3, prop={"family": family, "size": 11},
              frameon=False, borderaxespad=0.1)
    # Fixed margins in inches (labels sit inside the axes), cheaper than a layout engine's extra draw.
    fig.subplots_adjust(left=0.02, right=0.98, bottom=0.78 / height, top=1 - 0.72 / height)
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message="Glyph .* missing from font")  # empty boxes: refuse
        try:
            fig.savefig(buffer, format="png", dpi=dpi, pil_kwargs={"compress_level": 3})
        except UserWarning as missing:
            raise ThaiFontMissing(f"ฟอนต์ {family[0]} ไม่มีตัวอักษรบางตัวในป้ายกำกับของแผนภูมิ ({missing})") from None
    return buffer.getvalue()
