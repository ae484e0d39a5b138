"""Issue 12, item 5: in Korean mode no page shows a Latin-script UI word outside an allow-list
(codes, units, file formats, product names), and no widget falls back to Streamlit's English
placeholder ("Choose options") or date format ("YYYY/MM/DD").

The scan reads what each element sends to the browser (labels, help, options, placeholders,
texts, captions, button labels) after the page ran in Korean on the sample data. Component
payloads (the map) and table data (user content) are not UI words and are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from tests.app.conftest import CLOCK, LOG_SECTIONS

ROOT = Path(__file__).resolve().parents[2]

# Words that stay Latin in a Korean UI: codes, formats, units, names of products and standards.
ALLOWED = {
    "CSV",
    "XLSX",
    "HTML",
    "JSON",
    "PDF",
    "ICS",
    "ics",
    "iCal",
    "iCalendar",
    "URL",
    "GEO",
    "UID",
    "ID",
    "km",
    "min",
    "COVID",
    "Outlook",
    "Google",
    "Thunderbird",
    "Apple",
    "English",
    "Language",
    "YYYY-MM-DD",
    "A4",
    "OSM",
    "OpenStreetMap",
    "Leaflet",
    "Excel",
    "Word",
    "PostgreSQL",
    "SQLite",
    "python",
    "planner",
    "serve-feed",
    "culture",  # an example category code in the code field
}
# Proto fields that are not UI text.
SKIP_FIELDS = {
    "id",
    "form_id",
    "key",
    "json_args",
    "data",
    "arrow_data",
    "spec",
    "styler",
    "url",
    "component_name",
    "deprecated_page_icon",
    "image",
    "imgs",
    "src",
    "icon",
    "page_script_hash",
    "type",
    "format",
    "column_config",
    "default",
    "deferred_file_id",
    "datasets",
    "theme",
    "columns",
    "page",
    "query_string",
    "use_container_width",
}
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")
# Not UI words: inline code (commands, file names), Markdown link targets, HTML entities, {placeholders}.
CODE = re.compile(r"`[^`]*`|\]\([^)]*\)|&[a-z]+;|\{[a-z_]+\}")


def _strings(message: Message) -> Iterator[str]:
    for field, value in message.ListFields():
        if field.name in SKIP_FIELDS:
            continue
        values = value if isinstance(value, (list, tuple)) or hasattr(value, "extend") else [value]
        for item in values:
            if isinstance(item, Message):
                yield from _strings(item)
            elif isinstance(item, str):
                yield item


def _nodes(node) -> Iterator:
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _nodes(child)


def page_files() -> list[str]:
    from planner.ui.frame import PAGES

    return [f"pages/{file}" for file, *_ in PAGES]


def scan(app: AppTest) -> list[str]:
    found = []
    for node in _nodes(app._tree):
        proto = getattr(node, "proto", None)
        if not isinstance(proto, Message) or node.type in (
            "unknown",
            "arrow_data_frame",
            "dataframe",
            "table",
            "html",
            "code",
            "iframe",
        ):
            continue
        for text in _strings(proto):
            for word in WORD.findall(CODE.sub(" ", text)):
                if word not in ALLOWED:
                    found.append(f"{node.type}: {word!r} in {text[:80]!r}")
        if node.type == "multiselect" and not proto.placeholder:
            found.append(f"multiselect {proto.label!r}: Streamlit's English placeholder")
        if node.type == "multiselect" and proto.select_all != 0:  # select_all=False in the call
            found.append(f"multiselect {proto.label!r}: Streamlit's English 'Select all' in its list")
        if node.type == "multiselect" and not proto.options:
            found.append(f"multiselect {proto.label!r}: no options, Streamlit's English 'No options to select'")
        form = getattr(proto, "form", None)
        if isinstance(form, Message) and getattr(form, "form_id", "") and getattr(form, "enter_to_submit", False):
            found.append(f"form {form.form_id!r}: Streamlit's English hint 'Press Enter to submit form'")
        if node.type == "date_input" and proto.format != "YYYY-MM-DD":
            found.append(f"date_input {proto.label!r}: format {proto.format}")
    return found


@pytest.mark.parametrize("page", page_files())
def test_no_latin_ui_word_on_the_page_in_korean(env_db, page):
    app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    app.session_state["clock.now"] = CLOCK
    app.session_state["lang"] = "ko"
    for key in (*LOG_SECTIONS, "visits.briefing_open"):  # built only while open: scan them open
        app.session_state[key] = True
    app.run()
    one = _approved_visit(env_db)  # the pages of one visit, with its actions and its copy form
    app.session_state[f"visit_copy.{one}.open"] = True
    if page == "pages/visit.py":
        app.query_params["id"] = str(one)
    elif page == "pages/briefing.py":
        app.query_params["visit"] = str(one)
    app.switch_page(page).run()
    assert not app.exception
    if page == "pages/visit.py":  # the scan sees the visit itself, not the "no visit named" notice
        assert app.title[0].value.startswith(f"#{one} · ")
        assert [b for b in app.button if b.key.startswith(f"visit_copy.{one}.")]
    assert scan(app) == []


def _approved_visit(db_url: str) -> int:
    from planner import db, services
    from planner.domain import Status, VisitQuery
    from tests.conftest import uow_at

    (first, *_) = services.list_visits(uow_at(db.get_engine(db_url)), VisitQuery(statuses=(Status.APPROVED,)))
    return first.id or 0
