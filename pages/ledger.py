"""Requests and follow-ups (issue 14): open and overdue items by department, progress notes, results told,
the period line "시의원 N명, N건 처리" and the 의정플러스 posting (source section 2)."""

from datetime import date

import streamlit as st

from planner import council, ledger
from planner.domain import PlannerError
from planner.tabular import csv_bytes
from planner.ui import ensure_frame, flash, labels, lang, markdown_text, now, show_error, show_flash, tr, uow

ensure_frame()
work = uow()
L = lang()
today = now().date()
sources = labels({s: f"ledger.source.{s}" for s in ledger.SOURCES})
kinds = labels({k: f"ledger.person_kind.{k}" for k in ledger.PERSON_KINDS})

st.title(tr("ledger.title"))
show_flash()
st.caption(tr("ledger.intro"))


def _state(item: ledger.LedgerItem) -> str:
    if not item.is_open:
        return tr("ledger.state.told")
    return tr("ledger.state.overdue") if item.is_overdue(today) else tr("ledger.state.open")


# ---------------------------------------------------------------- by department
st.subheader(tr("ledger.by_department"))
lines = ledger.by_department(work)
if not lines:
    st.success(tr("ledger.none_open"))
st.dataframe(
    {
        tr("ledger.col.department"): [line.department or "-" for line in lines],
        tr("ledger.col.open"): [line.open for line in lines],
        tr("ledger.col.overdue"): [line.overdue for line in lines],
    },
    hide_index=True,
)
overdue_only = st.toggle(tr("ledger.overdue_only"), value=False, key="ledger.overdue_only")
open_items = [i for line in lines for i in line.items if i.is_overdue(today) or not overdue_only]
overdue_count = sum(1 for i in open_items if i.is_overdue(today))
if overdue_count:
    st.error(tr("attention.ledger_overdue", count=overdue_count))
rows = sorted(open_items, key=lambda i: (not i.is_overdue(today), i.due_on or date.max, i.id))
st.dataframe(
    {
        tr("ledger.col.state"): [("⚠ " if i.is_overdue(today) else "") + _state(i) for i in rows],
        tr("ledger.col.due_on"): [i.due_on.isoformat() if i.due_on else "" for i in rows],
        tr("ledger.col.department"): [i.department for i in rows],
        tr("ledger.col.source"): [sources[i.source] for i in rows],
        tr("ledger.col.session"): [i.session for i in rows],
        tr("ledger.col.person"): [i.person_label(L) for i in rows],
        tr("ledger.col.text"): [i.text for i in rows],
    },
    hide_index=True,
    key="ledger.open_table",
)

# ---------------------------------------------------------------- one item
by_id = {i.id: i for i in rows}
if by_id:
    pick = st.selectbox(
        tr("ledger.item"),
        list(by_id),
        format_func=lambda i: f"#{i} · {by_id[i].person_label(L)} · {by_id[i].text[:40]}",
        key="ledger.item",
    )
    item = by_id[pick]
    st.text(item.text)  # user text: shown as text, never Markdown
    for n in item.notes:
        st.text(f"{n.noted_at:%Y-%m-%d} {n.noted_by}: {n.note}" if n.noted_by else f"{n.noted_at:%Y-%m-%d} · {n.note}")
    c1, c2 = st.columns(2)
    with c1, st.form(f"ledger.note.{pick}", enter_to_submit=False):
        note = st.text_area(tr("ledger.note"), key=f"ledger.note.{pick}.text")
        if st.form_submit_button(tr("ledger.note_add"), key=f"ledger.note.{pick}.save"):
            try:
                ledger.add_note(work, pick, note)
                flash(tr("ledger.noted"))
            except PlannerError as exc:
                show_error(exc)
    with c2, st.form(f"ledger.result.{pick}.{item.version}", enter_to_submit=False):
        result = st.text_area(tr("field.result"), value=item.result, key=f"ledger.result.{pick}.text")
        told = st.checkbox(tr("ledger.told_today"), value=False, key=f"ledger.result.{pick}.told")
        if st.form_submit_button(tr("ledger.result_save"), key=f"ledger.result.{pick}.save"):
            changes: dict = {"result": result}
            if item.result_at is None and result.strip():
                changes["result_at"] = now()
            if told:
                changes["told_on"] = today
            try:
                ledger.change_item(work, pick, item.version, changes)
                flash(tr("ledger.saved"))
            except PlannerError as exc:
                show_error(exc)

# ---------------------------------------------------------------- a new item
with st.expander(tr("ledger.add"), expanded=False):
    people = {c.id: c.name for c in council.list_councillors(work)}
    departments = [d.name for d in council.list_departments(work)]
    with st.form("ledger.add", enter_to_submit=False):
        source = st.selectbox(tr("field.source"), list(ledger.SOURCES), format_func=sources, key="ledger.add.source")
        kind = st.selectbox(
            tr("ledger.person_kind"), list(ledger.PERSON_KINDS), format_func=kinds, key="ledger.add.kind"
        )
        who = st.selectbox(tr("council.councillor"), list(people), format_func=people.get, key="ledger.add.councillor")
        district = st.text_input(tr("field.district"), key="ledger.add.district")
        person = st.text_input(tr("ledger.person"), key="ledger.add.person")
        session = st.text_input(tr("field.session"), key="ledger.add.session")
        department = st.selectbox(tr("council.department"), ["", *departments], key="ledger.add.department")
        due = st.date_input(tr("field.due_on"), value=None, format="YYYY-MM-DD", key="ledger.add.due")
        text = st.text_area(tr("field.text"), key="ledger.add.text")
        if st.form_submit_button(tr("ledger.add"), key="ledger.add.save"):
            draft = ledger.ItemDraft(
                source=source,
                text=text,
                person_kind=kind,
                councillor_id=who if kind == "councillor" else None,
                district=district,
                person=person,
                session=session,
                department=department,
                due_on=due,
            )
            try:
                ledger.add_item(work, draft)
                flash(tr("ledger.added"))
            except PlannerError as exc:
                show_error(exc)

# ---------------------------------------------------------------- the period line and the posting
st.subheader(tr("ledger.summary"))
c1, c2 = st.columns(2)
start = c1.date_input(tr("ledger.from"), value=date(today.year, 1, 1), format="YYYY-MM-DD", key="ledger.from")
end = c2.date_input(tr("ledger.to"), value=date(today.year, 12, 31), format="YYYY-MM-DD", key="ledger.to")
try:
    found = ledger.summary(work, start, end)
    st.markdown(f"**{markdown_text(found.line(L))}**")
    if found.item_ids:  # an empty period has nothing to open
        with st.expander(f"{tr('ledger.item')}: {found.items}", expanded=False):
            st.text(", ".join(f"#{i}" for i in found.item_ids))
    st.markdown(f"**{tr('ledger.posting')}**")
    in_period = ledger.posting_records(work, None, start, end, L)
    sessions = sorted({r["session"] for r in in_period if r["session"]})
    session = st.selectbox(
        tr("field.session"), [None, *sessions], format_func=lambda x: x or "-", key="ledger.posting.session"
    )
    records = ledger.posting_records(work, session, start, end, L) if session else in_period
    stem = f"posting-{session or f'{start}-{end}'}"
    d1, d2 = st.columns(2)
    headers = [tr(f"ledger.col.{c}") for c in ledger.POSTING_COLUMNS]
    d1.download_button(
        tr("ledger.posting_download_csv"),
        lambda: csv_bytes(records, ledger.POSTING_COLUMNS, headers),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key="ledger.posting.csv",
        on_click="ignore",
    )
    d2.download_button(
        tr("ledger.posting_download_xlsx"),
        lambda: ledger.posting_xlsx(records, L),
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="ledger.posting.xlsx",
        on_click="ignore",
    )
except PlannerError as exc:
    show_error(exc)
