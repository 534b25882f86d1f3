"""The FAQ answers shown beside fields; the lookup lives in `criteria.faq` (shared with the reports)."""

from criteria.faq import FAQ, FAQ_BY_RULE, RULE_TH, faq_answers, item_faq_refs

__all__ = ["FAQ", "FAQ_BY_RULE", "RULE_TH", "faq_answers", "item_faq_refs"]
