"""Every coded value a person reads has a Thai label (no bare `government`, `high`)."""


def test_every_coded_field_a_person_reads_has_a_thai_label():
    from enum import StrEnum

    from evidence.labels import ENUM_LABELS
    from evidence.services.files import RECORD_MODELS

    bare = {(model.__name__, name, member.value) for model in RECORD_MODELS.values()
            for name, info in model.model_fields.items()
            for kind in getattr(info.annotation, "__args__", (info.annotation,))
            if isinstance(kind, type) and issubclass(kind, StrEnum)
            for member in kind if member not in ENUM_LABELS.get(kind, {})}
    assert bare == set()
