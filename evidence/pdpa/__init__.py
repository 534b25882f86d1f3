"""PDPA (พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562) for the personal data the portal holds (brief §3).

Everything starts from the one declaration of a personal-data column in the models (`pii_field`,
read through `evidence.validation.pii_kind`):
- `catalog`: which tables and columns hold personal data or free text (for searching a person);
- `inventory`: the data inventory (what, where, purpose, lawful basis, retention, who sees it);
- `retention`: list, then remove, personal data past its retention date (dry run first);
- `subjects`: data-subject requests: find a person everywhere, export, correct, erase, all logged;
- `breaches`: breach records with the regulator's 72-hour notification deadline.
"""
