"""การสำรวจความพึงพอใจ ความไม่พึงพอใจ และความผูกพัน (C8, C12)."""

from evidence.models import Survey
from portal.components.family import family_section
from portal.components.form_values import FieldSpec, FormSpec
from portal.components.missing_panel import missing_panel
from portal.components.page import page_context
from portal.components.scope_picker import division_scope

SURVEY = FormSpec("survey", Survey, (
    FieldSpec("title"), FieldSpec("kind", rule="C8"), FieldSpec("conductor", rule="C8"), FieldSpec("scope", rule="C8"),
    FieldSpec("consultant_name"), FieldSpec("method"), FieldSpec("sampling"), FieldSpec("sample_size"),
    FieldSpec("response_rate"), FieldSpec("segment_codes", rule="C12"), FieldSpec("compared_with"),
    FieldSpec("result_score"), FieldSpec("completed_on"),
), "การสำรวจ")

ctx = page_context("การสำรวจความพึงพอใจ",
                   "สำรวจใหญ่ประจำปีโดยที่ปรึกษาภายนอก (C8); สำรวจหลังรับบริการหรือ ณ จุดบริการเป็นส่วนเสริม")
scope = division_scope(ctx)
missing_panel(ctx, scope, ("surveys",))
family_section(ctx, scope, SURVEY, ["title", "kind", "conductor", "scope", "sample_size", "response_rate",
                                     "completed_on"])
