"""Council and department registries (issue 14): councillors by seat, committees, departments, district
heads, the 행정동 of each 선거구 and of each site; councillors also imported from CSV."""

import re

import streamlit as st

from planner import council, services
from planner.domain import PlannerError
from planner.ui import ensure_frame, flash, labels, show_error, show_flash, tr, uow

ensure_frame()
work = uow()
roles = labels({r.value: f"council.role.{r.value}" for r in council.Role})

st.title(tr("registry.title"))
show_flash()
st.caption(tr("registry.intro"))
districts = [d.name_ko for d in services.list_districts(work)]
committees = {c.code: c.name_ko for c in council.list_committees(work)}
tabs = st.tabs(
    [
        tr("registry.tab.councillors"),
        tr("registry.tab.committees"),
        tr("registry.tab.departments"),
        tr("registry.tab.heads"),
        tr("registry.tab.constituencies"),
        tr("registry.tab.sites"),
    ]
)


def _save(action, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
    try:
        action(work, *args, **kwargs)
        flash(tr("registry.saved"))
    except PlannerError as exc:
        show_error(exc)


def _seat_order(seat: str) -> list[tuple[int, object]]:
    """Seats in reading order: 비례대표 2 before 비례대표 10 (numbers compared as numbers)."""
    return [(0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", seat)]


with tabs[0]:
    people = sorted(council.list_councillors(work), key=lambda c: _seat_order(c.seat))
    st.dataframe(
        {
            tr("field.seat"): [c.seat for c in people],
            tr("registry.name"): [c.name for c in people],
            tr("field.district"): [c.district for c in people],
            tr("field.party"): [c.party for c in people],
            tr("field.role"): [roles[c.role.value] for c in people],
            tr("field.committees"): [", ".join(committees.get(x, x) for x in c.committees) for c in people],
            tr("registry.chairs"): [", ".join(committees.get(x, x) for x in c.chairs) for c in people],
            tr("field.term"): [c.term for c in people],
        },
        hide_index=True,
    )
    by_id = {c.id: c for c in people}
    pick = st.selectbox(
        tr("registry.edit"),
        [None, *by_id],
        format_func=lambda i: by_id[i].name if i in by_id else tr("registry.new"),
        key="registry.councillor",
    )
    current = by_id.get(pick)
    with st.form(f"registry.councillor.{pick}", enter_to_submit=False):
        seat = st.text_input(tr("field.seat"), value=current.seat if current else "", key=f"registry.c.{pick}.seat")
        name = st.text_input(tr("registry.name"), value=current.name if current else "", key=f"registry.c.{pick}.name")
        options = ["", *districts]
        district = st.selectbox(
            tr("field.district"),
            options,
            index=options.index(current.district) if current and current.district in options else 0,
            placeholder=tr("placeholder.choose"),  # shown for the empty choice; Streamlit's own is English
            key=f"registry.c.{pick}.district",
        )
        constituency = st.text_input(
            tr("field.constituency"), value=current.constituency if current else "", key=f"registry.c.{pick}.cons"
        )
        party = st.text_input(tr("field.party"), value=current.party if current else "", key=f"registry.c.{pick}.party")
        role_values = [r.value for r in council.Role]
        role = st.selectbox(
            tr("field.role"),
            role_values,
            index=role_values.index(current.role.value) if current else 0,
            format_func=roles,
            key=f"registry.c.{pick}.role",
        )
        member_of = st.multiselect(
            tr("field.committees"),
            list(committees),
            default=list(current.committees) if current else [],
            format_func=committees.get,
            placeholder=tr("placeholder.choose"),
            key=f"registry.c.{pick}.committees",
            select_all=False,
        )
        chairs = st.multiselect(
            tr("registry.chairs"),
            list(committees),
            default=list(current.chairs) if current else [],
            format_func=committees.get,
            placeholder=tr("placeholder.choose"),
            key=f"registry.c.{pick}.chairs",
            select_all=False,
        )
        contact = st.text_input(
            tr("field.contact"), value=current.contact if current else "", key=f"registry.c.{pick}.contact"
        )
        term = st.text_input(tr("field.term"), value=current.term if current else "", key=f"registry.c.{pick}.term")
        save = st.form_submit_button(tr("registry.save"), type="primary", key=f"registry.c.{pick}.save")
    if save:
        fields = dict(
            name=name,
            district=district,
            constituency=constituency,
            role=role,
            contact=contact,
            seat=seat,
            party=party,
            term=term,
            committees=tuple(member_of),
            chairs=tuple(chairs),
        )
        if current is None:
            _save(council.add_councillor, **fields)
        else:
            _save(council.change_councillor, current.id, **fields)
    upload = st.file_uploader(tr("registry.import"), type=["csv"], key="registry.import")
    if upload is not None and st.button(tr("registry.import"), key="registry.import.run"):
        try:
            result = council.import_councillors_csv(work, upload.getvalue(), upload.name)
            flash(tr("registry.imported", added=result.added, updated=result.updated))
        except PlannerError as exc:
            show_error(exc)

with tabs[1]:
    items = council.list_committees(work)
    st.dataframe(
        {
            tr("field.code"): [c.code for c in items],
            tr("registry.name_ko"): [c.name_ko for c in items],
            tr("registry.name_en"): [c.name_en for c in items],
        },
        hide_index=True,
    )
    with st.form("registry.committee", enter_to_submit=False):
        code = st.text_input(tr("field.code"), key="registry.committee.code")
        name_ko = st.text_input(tr("registry.name_ko"), key="registry.committee.name_ko")
        name_en = st.text_input(tr("registry.name_en"), key="registry.committee.name_en")
        if st.form_submit_button(tr("registry.save"), key="registry.committee.save"):
            _save(council.save_committee, code, name_ko, name_en, len(items))

with tabs[2]:
    items_d = council.list_departments(work)
    st.dataframe(
        {
            tr("registry.department_name"): [d.name for d in items_d],
            tr("registry.department_kind"): [d.kind for d in items_d],
            tr("field.contact"): [d.contact for d in items_d],
        },
        hide_index=True,
    )
    with st.form("registry.department", enter_to_submit=False):
        dept = st.text_input(tr("registry.department_name"), key="registry.department.name")
        kind = st.selectbox(
            tr("registry.department_kind"), list(council.DEPARTMENT_KINDS), key="registry.department.kind"
        )
        dept_contact = st.text_input(tr("field.contact"), key="registry.department.contact")
        if st.form_submit_button(tr("registry.save"), key="registry.department.save"):
            _save(council.save_department, dept, kind, dept_contact, len(items_d))

with tabs[3]:
    heads = council.list_district_heads(work)
    st.dataframe(
        {
            tr("field.district"): [h.district for h in heads],
            tr("registry.name"): [h.title for h in heads],
            tr("field.contact"): [h.contact for h in heads],
        },
        hide_index=True,
    )
    with st.form("registry.head", enter_to_submit=False):
        head_district = st.selectbox(tr("field.district"), districts, key="registry.head.district")
        head_title = st.text_input(tr("registry.name"), key="registry.head.title")
        head_contact = st.text_input(tr("field.contact"), key="registry.head.contact")
        if st.form_submit_button(tr("registry.save"), key="registry.head.save"):
            _save(council.save_district_head, head_district, head_title, head_contact)

with tabs[4]:
    places = council.list_constituencies(work)
    st.dataframe(
        {
            tr("field.constituency"): [c.name for c in places],
            tr("field.district"): [c.district for c in places],
            tr("field.dongs"): [", ".join(c.dongs) for c in places],
        },
        hide_index=True,
    )
    by_name = {c.name: c for c in places}
    chosen = st.selectbox(
        tr("registry.edit"),
        [None, *by_name],
        format_func=lambda n: n or tr("registry.new"),
        key="registry.constituency",
    )
    place = by_name.get(chosen)
    with st.form(f"registry.constituency.{chosen}", enter_to_submit=False):
        cname = st.text_input(
            tr("field.constituency"), value=place.name if place else "", key=f"registry.k.{chosen}.name"
        )
        cdistrict = st.selectbox(
            tr("field.district"),
            districts,
            index=districts.index(place.district) if place else None,  # a new one: chosen, never 종로구 by default
            placeholder=tr("placeholder.choose"),
            key=f"registry.k.{chosen}.district",
        )
        dongs = st.text_area(
            tr("field.dongs"),
            value="\n".join(place.dongs) if place else "",
            help=tr("registry.dongs_help"),
            key=f"registry.k.{chosen}.dongs",
        )
        if st.form_submit_button(tr("registry.save"), key=f"registry.k.{chosen}.save"):
            if cdistrict is None:
                st.error(tr("registry.district_needed"))
            else:
                _save(council.save_constituency, cname, cdistrict, dongs)

with tabs[5]:
    sites = {s.id: s for s in services.list_sites(work)}
    site_id = st.selectbox(
        tr("registry.site"),
        list(sites),
        format_func=lambda i: f"{sites[i].name} · {sites[i].district}",
        key="registry.site",
    )
    if site_id is not None:
        with st.form(f"registry.site.{site_id}", enter_to_submit=False):
            dong = st.text_input(
                tr("field.dong"), value=council.site_dong(work, site_id), key=f"registry.site.{site_id}"
            )
            if st.form_submit_button(tr("registry.save"), key=f"registry.site.{site_id}.save"):
                _save(council.set_site_dong, site_id, dong)
