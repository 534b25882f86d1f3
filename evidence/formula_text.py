"""Text that a spreadsheet program must never run: user text goes into CSV files with a leading
apostrophe when it starts like a formula (`= + - @`, tab, carriage return), the OWASP advice
against CSV injection. Excel cells holding text are written as text (`evidence.excel.writer`)."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value: object) -> object:
    """`=HYPERLINK(…)` → `'=HYPERLINK(…)`; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unescape_formula(value: object) -> object:
    """The inverse for a CSV file read back: `'=x` → `=x`."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def text_cell(sheet: object, value: object, number_format: str | None = None) -> object:
    """A write-only Excel cell that holds `value` as text whatever it starts with (openpyxl would
    otherwise store `=…` as a live formula); non-text values are returned unchanged."""
    from openpyxl.cell import WriteOnlyCell

    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]
    cell.data_type = "s"
    if number_format:
        cell.number_format = number_format
    return cell
