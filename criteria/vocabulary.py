"""Codes shared by the criteria file, the snapshot and the rules, with the Thai label a user reads."""

from collections.abc import Iterable

PROFILE_FIELDS: dict[str, str] = {
    "role": "บทบาท",
    "key_issues": "ประเด็นสำคัญ",
    "representative": "ผู้แทน/ผู้ประสานงาน",
    "relationship_level": "ระดับความสัมพันธ์",
    "status": "สถานะ (หน่วยงานราชการ/เอกชน/…)",
    "working_model": "รูปแบบการทำงาน",
    "importance": "ระดับความสำคัญต่อสายงาน (ผลการวิเคราะห์ของสายงาน)",
    "needs": "ความต้องการ/ความคาดหวังต่อองค์กร",
    "enterprise_needs": "สิ่งที่องค์กรต้องการจากผู้มีส่วนได้ส่วนเสีย",
}
# where each of PROFILE_FIELDS sits on the Stakeholder Profile record (the representative: either name)
PROFILE_COLUMNS: dict[str, tuple[str, ...]] = {
    "role": ("role",),
    "key_issues": ("key_issues",),
    "representative": ("representative_name", "coordinator_name"),
    "relationship_level": ("relationship_level",),
    "status": ("stakeholder_status",),
    "working_model": ("working_model",),
    "importance": ("importance",),
    "needs": ("needs_from_enterprise",),
    "enterprise_needs": ("enterprise_needs",),
}

DOCUMENT_SUBJECTS: dict[str, str] = {
    "complaint_policy": "นโยบายการจัดการข้อร้องเรียน",
    "complaint_procedure": "ระเบียบวิธีปฏิบัติในการจัดการข้อร้องเรียน",
    "complaint_standards": "มาตรฐานการจัดการข้อร้องเรียน",
    "service_charter": "กฎบัตรการให้บริการ (Customer Service Charter)",
    "service_standard": "มาตรฐานการให้บริการ (Service Standard)",
    "service_recovery": "แผนรับมือเมื่อบริการผิดพลาด / BCM",
    "customer_strategy": "แผนยุทธศาสตร์ด้านลูกค้าและตลาด",
    "stakeholder_strategy": "แผนแม่บทการบริหารผู้มีส่วนได้ส่วนเสีย",
    "annual_action": "แผนปฏิบัติการประจำปี",
    "long_term_action": "แผนปฏิบัติการระยะยาว",
}

CHARTER_COMPONENTS: dict[str, str] = {
    "blueprint_frontstage": "พิมพ์เขียวบริการส่วนหน้า (frontstage)",
    "blueprint_backstage": "พิมพ์เขียวบริการส่วนหลัง (backstage)",
    "blueprint_support": "พิมพ์เขียวบริการกระบวนการสนับสนุน (support process)",
    "guidelines": "แนวทางการให้บริการ (service guidelines)",
    "measurable_protocols": "ข้อกำหนดที่วัดผลและตรวจสอบได้ (protocols)",
    "recovery_plan": "แผนรับมือเมื่อบริการผิดพลาด (service recovery plan)",
    "recovery_normal": "แผนรับมือในภาวะปกติ (บริการผิดพลาด)",
    "recovery_abnormal": "แผนรับมือในภาวะไม่ปกติ (เชื่อมโยง BCM)",
    "journey_map": "ขอบเขตจาก Customer Journey Map",
}

LIFE_CYCLE_STAGES: dict[str, str] = {
    "before": "ก่อนเป็นลูกค้า",
    "during": "ระหว่างเป็นลูกค้า",
    "after": "หลังเป็นลูกค้า",
}

COMPLAINT_DOCUMENT_FACTS: dict[str, str] = {
    "complaint_handling": "ระบุเรื่องการจัดการข้อร้องเรียนไว้ชัดเจน",
    "complaint_standards": "กำหนดมาตรฐานการจัดการข้อร้องเรียน",
    "improvement_in_strategy": "แผนปรับปรุงการจัดการข้อร้องเรียนอยู่ในยุทธศาสตร์/แผนประจำปี",
    "stage_receive": "ขั้นตอนรับเรื่อง",
    "stage_acknowledge": "ขั้นตอนแจ้งรับเรื่อง",
    "stage_respond": "ขั้นตอนตอบกลับ",
    "stage_resolve": "ขั้นตอนแก้ไขแล้วเสร็จ",
}

CUSTOMER_GROUPS: dict[str, str] = {
    "prospective": "ลูกค้าในอนาคต",
    "new": "ลูกค้าใหม่",
    "current": "ลูกค้าปัจจุบัน",
    "former": "ลูกค้าในอดีต",
    "competitor": "ลูกค้าของคู่แข่ง",
}

VOC_ASPECTS: dict[str, str] = {
    "product_service": "ผลิตภัณฑ์และบริการ",
    "customer_support": "การสนับสนุนลูกค้า",
    "transaction": "การทำธุรกรรม",
    "relationship": "การบริหารความสัมพันธ์",
}

SURVEY_MEASURES: dict[str, str] = {
    "satisfaction": "ความพึงพอใจ",
    "dissatisfaction": "ความไม่พึงพอใจ",
    "engagement": "ความผูกพัน",
}

COMPLAINT_STAGES: dict[str, str] = {
    "receive": "รับเรื่อง",
    "acknowledge": "แจ้งรับเรื่อง",
    "respond": "ตอบกลับ",
    "resolve": "แก้ไขแล้วเสร็จ",
}

MONITORING_SUBJECTS: dict[str, str] = {
    "customer_strategy": "ยุทธศาสตร์ด้านลูกค้า",
    "service_time": "ระยะเวลาการให้บริการ",
    "complaints": "การจัดการข้อร้องเรียน",
    "voc": "เสียงของลูกค้า",
    "stakeholder_plan": "แผนสร้างความสัมพันธ์กับผู้มีส่วนได้ส่วนเสีย",
}

PLAN_KINDS: dict[str, str] = {
    "customer_strategy": "แผนยุทธศาสตร์ด้านลูกค้าและตลาด",
    "stakeholder_strategy": "แผนแม่บทการบริหารผู้มีส่วนได้ส่วนเสีย",
    "long_term_action": "แผนปฏิบัติการระยะยาว",
    "annual_action": "แผนปฏิบัติการประจำปี",
}

CASCADE_TARGETS: dict[str, str] = {"unit": "หน่วยงาน", "staff": "บุคลากร", "partner": "คู่ค้า/พันธมิตร"}

ACTION_SOURCES: dict[str, str] = {
    "voc": "เสียงของลูกค้า (VOC)",
    "vos": "เสียงของผู้มีส่วนได้ส่วนเสีย (VOS)",
    "survey": "ผลสำรวจความพึงพอใจ/ความผูกพัน",
    "complaint": "ข้อร้องเรียน",
}

ACTION_KINDS: dict[str, str] = {
    "report_to_executives": "รายงานผู้บริหารระดับสูง",
    "strategy_input": "นำเข้าสู่การจัดทำยุทธศาสตร์",
    "improvement": "ปรับปรุงผลิตภัณฑ์/บริการ/กระบวนการ",
    "digital": "วิเคราะห์และนำเทคโนโลยีดิจิทัลมาใช้",
    "staff_communication": "สื่อสารให้บุคลากร",
    "control_monitoring": "ควบคุมและติดตาม",
    "effectiveness_evaluation": "ประเมินประสิทธิผล",
    "knowledge_management": "จัดการความรู้ในระบบดิจิทัล",
    "innovation": "นวัตกรรม",
}

ACTION_FACTS: dict[str, str] = {
    "evaluation_cycle": "รอบการประเมิน/ทบทวนที่ระบุวันที่",
    "lessons_learned": "บทเรียนที่ได้",
    "change_made": "การเปลี่ยนแปลง/ปรับปรุงที่เกิดขึ้นจริง",
    "done": "ดำเนินการแล้วเสร็จ",
}

REPORT_RECIPIENTS: dict[str, str] = {
    "top_executives": "ผู้บริหารระดับสูง",
    "board": "คณะกรรมการรัฐวิสาหกิจ",
    "committee": "คณะกรรมการชุดย่อย",
    "other": "อื่น ๆ",
}

IMPROVEMENT_TOPICS: dict[str, str] = {
    "complaint_handling": "การพัฒนา/ปรับปรุงการจัดการข้อร้องเรียน",
    "customer_support": "การพัฒนาการสนับสนุนลูกค้า",
    "listening": "การพัฒนาการรับฟังลูกค้า",
    "product_development": "การพัฒนาผลิตภัณฑ์และบริการ",
}

PROJECT_KINDS: dict[str, str] = {"development": "การพัฒนาผลิตภัณฑ์/บริการ", "innovation": "นวัตกรรม"}

PROJECT_FACTS: dict[str, str] = {
    "answers_voc": "ระบุ VOC/สารสนเทศลูกค้าที่ตอบสนอง",
    "risk": "ประยุกต์ใช้การบริหารความเสี่ยง",
    "km": "นำองค์ความรู้ (KM) มาใช้",
    "target": "กำหนดเป้าหมายของโครงการ",
    "efficiency": "ผลด้านประสิทธิภาพของโครงการ",
    "customer_value": "คุณค่า/มูลค่าที่ลูกค้าได้รับ",
    "business_result": "ผลลัพธ์ทางธุรกิจ",
    "innovation_defined": "ระบุเหตุที่เข้าข่ายนวัตกรรมและตัววัดระดับผลลัพธ์",
    "evaluated": "ประเมินความสำเร็จและประสิทธิผล",
    "lessons_learned": "ถอดบทเรียน",
}

BODY_KINDS: dict[str, str] = {
    "board": "คณะกรรมการรัฐวิสาหกิจ",
    "committee": "คณะกรรมการชุดย่อย",
    "executive": "ฝ่ายบริหาร",
}


def labels(codes: Iterable[str], vocabulary: dict[str, str]) -> str:
    """Thai labels of `codes` as "label (code)", in the vocabulary's order, unknown codes last."""
    wanted = list(codes)
    known = [vocabulary[c] + f" ({c})" for c in vocabulary if c in wanted]
    unknown = [str(c) for c in wanted if c not in vocabulary]
    return ", ".join(known + unknown)


# every fact a register document version may declare (issue 11 §3); the text must support it
DECLARED_FACTS: dict[str, str] = {**CHARTER_COMPONENTS, **LIFE_CYCLE_STAGES, **COMPLAINT_DOCUMENT_FACTS}
