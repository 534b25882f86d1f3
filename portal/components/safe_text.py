"""The one escaping helper for user text (issue 14 item 7). Inside markdown it is shown as text, never
rendered: HTML is escaped and markdown syntax (links, images, emphasis) loses its meaning. Use `md()`
for every value a user typed that goes into `st.markdown`, `st.caption`, `st.info`…, and
`chart_label()` for every one that becomes a plotly label (plotly renders `<a href>`, `<img>`-like
tags and `<br>` in labels); never `unsafe_allow_html` with user data."""

import html
import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>$])")


def md(value: object) -> str:
    """`<script>` → `&lt;script&gt;`; `[x](javascript:…)` → plain text."""
    text = html.escape("" if value is None else str(value), quote=False)
    return _MARKDOWN.sub(r"\\\1", text).replace("\n", "  \n")


def chart_label(value: object) -> str:
    """`<a href="…">x</a>` → `&lt;a href="…"&gt;x&lt;/a&gt;`: plotly shows the entities as the characters."""
    return html.escape("" if value is None else str(value), quote=False)
