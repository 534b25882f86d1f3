"""Charts with Thai labels: a font cache that predates the Thai fonts does not hide them (the files
are registered directly), and a label the font cannot draw fails loudly (issue 14 item 19)."""

import io

import pytest
from PIL import Image

from reports import charts
from reports.charts import LevelBar, ThaiFontMissing, level_bars_png

BARS = [LevelBar("CM5 การจัดการความสัมพันธ์กับลูกค้า", 1.5, 3.0)]


@pytest.fixture
def stale_cache(monkeypatch):
    """matplotlib's font list as a cache built before fonts-thai-tlwg was installed: no Thai face."""
    from matplotlib import font_manager

    thai = tuple(charts.THAI_FONT_CANDIDATES)
    monkeypatch.setattr(font_manager.fontManager, "ttflist",
                        [f for f in font_manager.fontManager.ttflist if not f.name.startswith(thai)])
    charts.thai_font.cache_clear()
    yield
    charts.thai_font.cache_clear()


def _installed_thai_font_files() -> list[str]:
    from matplotlib import font_manager

    return [p for p in font_manager.findSystemFonts() if "tlwg" in p.lower() or "thai" in p.lower()]


def test_a_font_cache_that_predates_the_thai_fonts_still_finds_them(stale_cache):
    if not _installed_thai_font_files():
        pytest.skip("tool missing: no Thai font installed (apt install fonts-thai-tlwg)")
    assert charts.thai_font() in charts.THAI_FONT_CANDIDATES
    png = level_bars_png(BARS, title="ระดับรายหัวข้อ")
    assert Image.open(io.BytesIO(png)).format == "PNG"


def test_a_label_with_glyphs_the_font_lacks_fails_loudly(monkeypatch):
    monkeypatch.setattr(charts, "thai_font", lambda: "DejaVu Sans")  # a font without Thai glyphs
    with pytest.raises(ThaiFontMissing):
        level_bars_png(BARS, title="ระดับรายหัวข้อ")
