"""User text inside markdown is shown as text, never rendered: HTML is escaped and markdown syntax
(links, images, emphasis) loses its meaning. Use `md()` for every value a user typed that goes into
`st.markdown`, `st.caption`, `st.info`…; never `unsafe_allow_html` with user data."""

import html
import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>$])")


def md(value: object) -> str:
    """`<script>` → `&lt;script&gt;`; `[x](javascript:…)` → plain text."""
    text = html.escape("" if value is None else str(value), quote=False)
    return _MARKDOWN.sub(r"\\\1", text).replace("\n", "  \n")
