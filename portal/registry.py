"""The menu: every page once, with its Thai label, group and the roles that may open it.

`portal/app.py` builds `st.navigation` from this list on every run for the signed-in role.
"""

from dataclasses import dataclass

from evidence.models.users import Role

ALL = frozenset(Role)
EDITORS = frozenset({Role.ADMIN, Role.PLANNING, Role.DIVISION})
READERS = frozenset({Role.ADMIN, Role.PLANNING, Role.DIVISION, Role.EXECUTIVE, Role.ASSESSOR})
PLANNING = frozenset({Role.ADMIN, Role.PLANNING})
ADMIN = frozenset({Role.ADMIN})


@dataclass(frozen=True)
class PageSpec:
    path: str  # relative to portal/
    title: str
    icon: str
    group: str
    roles: frozenset[Role]
    default: bool = False


PAGES: tuple[PageSpec, ...] = (
    PageSpec("views/home.py", "หน้าหลัก", ":material/home:", "ภาพรวม", ALL, default=True),
    PageSpec("views/dashboard.py", "แดชบอร์ดผู้บริหาร", ":material/monitoring:", "ภาพรวม",
             frozenset({Role.EXECUTIVE, Role.PLANNING, Role.ADMIN, Role.DIVISION})),
    PageSpec("views/search.py", "ค้นหา", ":material/search:", "ภาพรวม", READERS),
    PageSpec("views/score.py", "ผลการประเมินตนเอง", ":material/grading:", "การประเมิน", READERS),
    PageSpec("views/claims.py", "จับคู่หลักฐานกับเกณฑ์", ":material/link:", "การประเมิน", PLANNING),
    PageSpec("views/assessor_workspace.py", "พื้นที่ทำงานผู้ประเมิน", ":material/rate_review:", "การประเมิน",
             frozenset({Role.ASSESSOR, Role.PLANNING, Role.ADMIN})),
    PageSpec("views/submissions.py", "ส่งผลการประเมิน", ":material/lock:", "การประเมิน",
             frozenset({Role.PLANNING, Role.ASSESSOR, Role.EXECUTIVE, Role.ADMIN})),
    PageSpec("views/year_on_year.py", "เปรียบเทียบรายปี", ":material/compare_arrows:", "การประเมิน", READERS - {Role.DIVISION}),
    PageSpec("views/reports.py", "รายงาน", ":material/description:", "การประเมิน",
             frozenset({Role.PLANNING, Role.EXECUTIVE, Role.ASSESSOR, Role.ADMIN})),
    PageSpec("views/org_structure.py", "โครงสร้างองค์กร", ":material/account_tree:", "ข้อมูลหลักฐาน", READERS),
    PageSpec("views/stakeholders.py", "ผู้มีส่วนได้ส่วนเสียและ VOS", ":material/groups:", "ข้อมูลหลักฐาน", EDITORS),
    PageSpec("views/relationships.py", "แผนและความเสี่ยงด้านความสัมพันธ์", ":material/handshake:", "ข้อมูลหลักฐาน", EDITORS),
    PageSpec("views/segments.py", "กลุ่มลูกค้าและช่องทางรับฟัง", ":material/category:", "ข้อมูลหลักฐาน", EDITORS),
    PageSpec("views/voc.py", "เสียงของลูกค้า (VOC)", ":material/record_voice_over:", "ข้อมูลหลักฐาน", EDITORS),
    PageSpec("views/documents.py", "ทะเบียนเอกสาร", ":material/folder_open:", "ข้อมูลหลักฐาน", READERS),
    PageSpec("views/service.py", "กฎบัตรและมาตรฐานการให้บริการ", ":material/verified:", "ข้อมูลหลักฐาน", EDITORS),
    PageSpec("views/complaints.py", "การจัดการข้อร้องเรียน", ":material/support_agent:", "ข้อมูลหลักฐาน", EDITORS),
    PageSpec("views/approvals.py", "การอนุมัติและการติดตาม", ":material/gavel:", "ข้อมูลหลักฐาน", EDITORS),
    PageSpec("views/surveys.py", "การสำรวจความพึงพอใจ", ":material/poll:", "ข้อมูลหลักฐาน", EDITORS),
    PageSpec("views/plans.py", "แผนยุทธศาสตร์และตัวชี้วัด", ":material/flag:", "ข้อมูลหลักฐาน", EDITORS),
    PageSpec("views/projects.py", "โครงการพัฒนาและนวัตกรรม", ":material/lightbulb:", "ข้อมูลหลักฐาน", EDITORS),
    PageSpec("views/files.py", "ไฟล์หลักฐาน", ":material/attach_file:", "ข้อมูลหลักฐาน", READERS),
    PageSpec("views/excel.py", "นำเข้า/ส่งออก Excel", ":material/table_view:", "ข้อมูลหลักฐาน", EDITORS),
    PageSpec("views/criteria_admin.py", "เกณฑ์และรอบการประเมิน", ":material/rule:", "ตั้งค่า", PLANNING),
    PageSpec("views/division_requests.py", "ติดตามข้อมูลจากหน่วยงาน", ":material/outgoing_mail:", "ข้อมูลหลักฐาน",
             PLANNING),
    PageSpec("views/review_queue.py", "ตรวจและอนุมัติข้อมูล", ":material/fact_check:", "ข้อมูลหลักฐาน", PLANNING),
    PageSpec("views/users.py", "ผู้ใช้และสิทธิ์", ":material/manage_accounts:", "ผู้ดูแลระบบและ PDPA", ADMIN),
    PageSpec("views/audit_log.py", "บันทึกการตรวจสอบ", ":material/history:", "ผู้ดูแลระบบและ PDPA", PLANNING),
    PageSpec("views/pdpa_inventory.py", "บัญชีข้อมูลส่วนบุคคล (PDPA)", ":material/inventory:", "ผู้ดูแลระบบและ PDPA",
             PLANNING),
    PageSpec("views/data_requests.py", "คำขอของเจ้าของข้อมูล (PDPA)", ":material/person_search:",
             "ผู้ดูแลระบบและ PDPA", PLANNING),
    PageSpec("views/breaches.py", "เหตุละเมิดข้อมูลส่วนบุคคล", ":material/crisis_alert:", "ผู้ดูแลระบบและ PDPA",
             PLANNING),
)
