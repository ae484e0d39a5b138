"""AppTest of the site management page (/sites, issue 12 item 7): the list, an edit, publishable, a merge."""

from __future__ import annotations

from collections import Counter

from planner import db, services
from tests.conftest import uow_at


def work(env_db):
    return uow_at(db.get_engine(env_db))


def test_the_list_shows_every_site_with_its_columns(open_page, env_db):
    at = open_page("pages/sites.py", lang="ko")
    assert at.title[0].value == "장소 관리"
    frame = at.dataframe[0].value
    assert len(frame) == len(services.list_sites(work(env_db)))
    assert {"장소 이름", "자치구", "장소 유형", "행정동"} <= set(frame.columns)


def test_edit_a_site_and_mark_it_publishable(open_page, env_db):
    at = open_page("pages/sites.py")
    site = services.list_sites(work(env_db))[0]
    at.selectbox(key="sites.id").set_value(site.id).run()
    at.text_input(key=f"sites.{site.id}.name").input("서울시청 (본관)")
    at.button(key=f"sites.{site.id}.save").click().run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert services.get_site(work(env_db), site.id).name == "서울시청 (본관)"
    assert any("Saved the site" in s.value for s in at.success)
    at.toggle(key=f"sites.{site.id}.publishable").set_value(not site.publishable).run()
    assert not at.exception
    assert services.get_site(work(env_db), site.id).publishable is (not site.publishable)


def test_merge_needs_the_confirmation_then_moves_the_visits(open_page, env_db):
    at = open_page("pages/sites.py", lang="ko")
    counts = Counter(v.site_id for v in services.list_visits(work(env_db)))
    (keep, _), (drop, moving) = counts.most_common(2)
    at.selectbox(key="sites.id").set_value(keep).run()
    at.selectbox(key=f"sites.{keep}.drop").set_value(drop).run()
    at.button(key=f"sites.{keep}.merge").click().run()
    assert any("확인란" in e.value for e in at.error)
    assert services.get_site(work(env_db), drop)
    at.checkbox(key=f"sites.{keep}.merge_sure").check().run()
    at.button(key=f"sites.{keep}.merge").click().run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert drop not in {s.id for s in services.list_sites(work(env_db))}
    assert Counter(v.site_id for v in services.list_visits(work(env_db)))[keep] == counts[keep] + moving
    assert any("합쳤습니다" in s.value for s in at.success)


def test_site_kinds_show_in_korean_and_a_new_kind_is_chosen_from_the_list(open_page, env_db):
    at = open_page("pages/sites.py", lang="ko")
    kinds = set(at.dataframe[0].value["장소 유형"])
    assert "공공청사" in kinds
    assert not any("_" in k for k in kinds)  # no code such as public_office on the Korean screen
    site = services.list_sites(work(env_db))[0]
    at.selectbox(key="sites.id").set_value(site.id).run()
    at.selectbox(key=f"sites.{site.id}.kind").set_value("market")
    at.button(key=f"sites.{site.id}.save").click().run()
    assert not at.exception
    assert services.get_site(work(env_db), site.id).kind == "market"
