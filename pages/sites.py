"""Site management (issue 12, item 7): the registered sites with district, kind, publishable and 행정동; edit a
site's name, address and kind; mark it publishable; merge a duplicate into another site."""

import streamlit as st

from planner import accounts, services
from planner.domain import PlannerError
from planner.ui import ensure_frame, flash, labels, show_error, show_flash, tr, tr_text, uow

ensure_frame()
work = uow()

st.title(tr("sites.title"))
show_flash()

sites = services.list_sites(work)
dongs = services.site_dongs(work)
yes_no = {True: tr("visit.yes"), False: tr("visit.no")}
KINDS = (
    "public_office",
    "market",
    "hospital",
    "construction_site",
    "housing_site",
    "safety_facility",
    "welfare_facility",
    "shopping_area",
    "testing_site",
    "vaccination_center",
    "treatment_center",
    "ev_charging",
    "other",
)
kind_text = labels({k: f"sites.kind.{k}" for k in KINDS})  # a kind not listed is shown as written
st.dataframe(
    {
        "#": [s.id for s in sites],
        tr("field.name"): [s.name for s in sites],
        tr("field.address"): [s.address for s in sites],
        tr("field.district"): [s.district or "-" for s in sites],
        tr("field.kind"): [kind_text(s.kind) for s in sites],
        tr("field.publishable"): [yes_no[s.publishable] for s in sites],
        tr("field.dong"): [dongs.get(s.id or 0, "") for s in sites],
    },
    hide_index=True,
    width="stretch",
)
if not sites:
    st.stop()
if not accounts.may(work, "site.edit"):  # a convenience: the core refuses other roles anyway
    st.caption(tr("sites.read_only"))
    st.stop()

by_id = {s.id or 0: s for s in sites}
names = {i: f"#{i} {s.name} · {s.district or '-'}" for i, s in by_id.items()}
chosen = st.selectbox(tr("sites.pick"), list(by_id), format_func=names.__getitem__, key="sites.id")
site = by_id[int(chosen or 0)]
sid = site.id or 0

edit, merge = st.columns(2, gap="medium")
with edit:
    st.subheader(tr("sites.edit"))
    # The values shown are what the save is checked against: a site changed meanwhile is refused, not overwritten.
    with st.form(f"sites.{sid}.form", enter_to_submit=False):
        name = st.text_input(tr("field.name"), value=site.name, max_chars=200, key=f"sites.{sid}.name")
        address = st.text_input(tr("field.address"), value=site.address, max_chars=300, key=f"sites.{sid}.address")
        kinds = list(KINDS) if site.kind in KINDS else [site.kind, *KINDS]
        kind = st.selectbox(
            tr("field.kind"),
            kinds,
            index=kinds.index(site.kind),
            format_func=kind_text,
            accept_new_options=True,  # a kind of its own can still be typed, as before
            key=f"sites.{sid}.kind",
        )
        saved = st.form_submit_button(tr("sites.save"), type="primary", key=f"sites.{sid}.save")
    if saved:
        try:
            seen = {"name": site.name, "address": site.address, "kind": site.kind}
            updated = services.change_site(work, sid, seen, {"name": name, "address": address, "kind": kind or ""})
            flash(tr_text("sites.saved", name=updated.name))
        except PlannerError as exc:
            show_error(exc)
    publishable = st.toggle(tr("field.publishable"), value=site.publishable, key=f"sites.{sid}.publishable")
    if publishable != site.publishable:
        try:
            services.set_site_publishable(work, sid, publishable)
            flash(tr_text("sites.publishable_saved", name=site.name, state=yes_no[publishable]))
        except PlannerError as exc:
            show_error(exc)
with merge:
    st.subheader(tr("sites.merge"))
    st.caption(tr_text("sites.merge_help", name=site.name))
    others = [i for i in by_id if i != sid]
    drop = st.selectbox(tr("sites.merge_drop"), others, format_func=names.__getitem__, key=f"sites.{sid}.drop")
    sure = st.checkbox(tr("sites.merge_confirm"), key=f"sites.{sid}.merge_sure")
    if st.button(tr("sites.merge_button"), key=f"sites.{sid}.merge", disabled=drop is None):
        if not sure:
            st.error(tr("sites.merge_confirm_needed"))
        else:
            try:
                dropped = by_id[int(drop or 0)]
                services.merge_sites(work, sid, dropped.id or 0)
                flash(tr_text("sites.merged", drop=dropped.name, keep=site.name))
            except PlannerError as exc:
                show_error(exc)
