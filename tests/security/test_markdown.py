"""Staff text never becomes live markdown or chart markup (issue 14 item 7): one helper,
`portal.components.safe_text`, escapes it in the "what is missing" panel, return comments and the
executive dashboard's plotly labels."""

from sqlmodel import select

from evidence.models import OrgUnit
from evidence.services.dashboard import Completeness
from portal.components.dashboard_charts import heatmap_figure
from portal.components.safe_text import chart_label, md
from tests.portal.conftest import open_app

LINK = "[คลิกเพื่อยืนยัน](http://evil.example/phish) ![x](http://evil.example/pixel.png)"
TAG = '<a href="http://evil.example">ฝ่าย</a><img src=x>'


def test_the_helper_disarms_links_images_and_html():
    assert "](" not in md(LINK).replace("\\]\\(", "") and md(LINK).startswith("\\[")
    assert "<" not in md(TAG) and "<" not in chart_label(TAG)


def test_a_unit_name_with_a_link_shows_as_text_in_the_missing_panel(demo, session):
    for unit in session.exec(select(OrgUnit)).all():
        unit.name_th = f"{LINK} {unit.name_th}"
        session.add(unit)
    session.commit()
    at = open_app("planner", "views/stakeholders.py")
    assert not at.exception
    shown = [m.value for m in at.markdown if "evil" in m.value]
    assert shown, "the missing panel names the lines"
    assert all("](http" not in value and "\\[" in value for value in shown)


def test_chart_labels_of_the_dashboard_carry_no_live_markup():
    cells = [Completeness(1, TAG, "stakeholders", 0, 2, f"ขาด {TAG}")]
    figure = heatmap_figure(cells)
    labels = list(figure.data[0].y) + [v for row in figure.data[0].customdata for v in row]
    assert labels and all("<a" not in str(v) and "<img" not in str(v) for v in labels)
