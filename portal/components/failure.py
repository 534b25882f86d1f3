"""The portal's last line: any fault a page did not expect is shown as a Thai message with a
reference number (`evidence.failures`), never as a traceback with server paths."""

from collections.abc import Callable

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

from evidence.failures import describe_failure


def guarded(run: Callable[[], object]) -> None:
    """Run `run` (the page); st.stop/st.rerun pass through, every other exception becomes a Thai error."""
    try:
        run()
    except ScriptControlException:
        raise
    except Exception as error:  # noqa: BLE001 - the point: nothing reaches the browser as a traceback
        _, message = describe_failure(error)
        st.error(message, icon=":material/error:")
