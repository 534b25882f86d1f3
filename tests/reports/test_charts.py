import io
import warnings

import pytest
from PIL import Image

from reports import charts
from reports.charts import LevelBar, ThaiFontMissing, level_bars_png, thai_font

BARS = [LevelBar("SM1 ยุทธศาสตร์ด้านผู้มีส่วนได้ส่วนเสีย", 1.5, 2.0), LevelBar("CM5 การจัดการความสัมพันธ์กับลูกค้า", None, 3.0)]
needs_thai_font = pytest.mark.skipif(thai_font() is None, reason="no Thai font installed (apt install fonts-thai-tlwg)")


@needs_thai_font
def test_a_thai_font_is_found_through_the_font_manager():
    assert thai_font() in charts.THAI_FONT_CANDIDATES


@needs_thai_font
def test_the_level_chart_renders_its_thai_labels_without_missing_glyphs():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = level_bars_png(BARS, title="ระดับรายหัวข้อ: ปัจจุบันเทียบเป้าหมาย")
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert missing == []
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.width > 1000


def test_without_a_thai_font_the_chart_fails_loudly_instead_of_drawing_boxes(monkeypatch):
    monkeypatch.setattr(charts, "thai_font", lambda: None)
    with pytest.raises(ThaiFontMissing, match="fonts-thai-tlwg"):
        level_bars_png(BARS, title="ระดับรายหัวข้อ")
