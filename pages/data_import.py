"""数据导入 Data: templates, upload, column mapping, validation with a row-level report, commit, import history
with undo, and the cost category map. The steps are drawn by ui.import_* modules; this is the page's outline."""

import streamlit as st

from ui import data, import_categories, import_commit, import_history, import_mapping, import_steps
from ui.frame import frame
from ui.i18n import t


def import_file(version: str) -> None:
    """Kind and templates, upload, what was detected, mapping, then validation and commit."""
    kind = import_steps.kind_step()
    upload = import_steps.upload_step()
    if upload is None:
        return
    raw = import_steps.read_step(upload, kind)
    if raw is None:
        return
    current, source = import_mapping.mapping_step(raw, kind, upload["hash"], version)
    import_commit.validate_step(raw, current, source, upload, version)


frame("imp.title")
st.title(t("imp.title"))
st.caption(t("imp.intro"))
version = data.data_version()
import_steps.kind_from_address()
section = import_steps.section_switch()
import_steps.show_flash()

if section == "history":
    import_history.history_section(version)
elif section == "categories":
    import_categories.categories_section(version)
else:
    import_file(version)
