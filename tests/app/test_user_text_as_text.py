"""AppTest: user text reaches the pages as text, never as Markdown (issue 9, item 22).

A visit title, a suggestion or an answer such as ``![px](http://127.0.0.1:9/px.png)`` rendered as
Markdown makes every viewer's browser fetch that URL; a link renders as a link. Each place that
shows user text inside Markdown (alerts, expander labels, flash messages, errors) escapes it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from planner import council, db, services
from planner.ui import markdown_text
from tests.app.conftest import CLOCK, LOG_SECTIONS
from tests.conftest import uow_at

PIXEL = "![px](http://127.0.0.1:9/px.png)"
LINK = "[click me](http://127.0.0.1:9/x) <img src=x onerror=alert(1)> **bold** $x$ :red[red]"


SPECIAL = set("\\`*_{}[]()#+-.!|<>~$:")


def _read(escaped: str) -> str:
    """Read escaped Markdown back: every special character must come as a backslash pair."""
    out, i = [], 0
    while i < len(escaped):
        if escaped[i] == "\\":
            assert i + 1 < len(escaped) and escaped[i + 1] in SPECIAL, escaped
            out.append(escaped[i + 1])
            i += 2
        elif escaped[i] == "\u2060":  # the word joiner that stops autolinks: invisible, not text
            i += 1
        else:
            assert escaped[i] not in SPECIAL, escaped
            out.append(escaped[i])
            i += 1
    return "".join(out)


@given(st.text())
def test_markdown_text_escapes_every_markdown_character_and_keeps_the_text(text):
    assert _read(markdown_text(text)) == text.replace("\n", "  \n")


def _add_visit(eng, title: str, start: datetime) -> None:
    site = services.add_site(uow_at(eng), services.SiteDraft("시청", 37.5663, 126.9779))
    draft = services.VisitDraft(
        title=title, site_id=site.id or 0, start=start, end=start + timedelta(hours=1), category="economy"
    )
    services.add_visit(uow_at(eng, datetime.fromisoformat(CLOCK)), draft)


def test_image_markdown_in_a_visit_title_is_text_in_the_home_page_warning(open_page, env_db):
    at = open_page("pages/home.py")
    _add_visit(db.get_engine(env_db), PIXEL, datetime.fromisoformat(CLOCK) + timedelta(days=2))
    at.run()
    assert not at.exception
    mine = [w.value for w in at.warning if "127" in w.value]
    assert len(mine) == 2  # awaiting approval; councillors to inform
    assert all(markdown_text(PIXEL) in w and PIXEL not in w for w in mine), mine


def test_suggestion_text_and_answer_with_links_are_text_on_the_council_page(open_page, env_db):
    at = open_page("pages/council.py")
    eng = db.get_engine(env_db)
    person = council.list_councillors(uow_at(eng))[0]
    now = datetime.fromisoformat(CLOCK)
    sid = council.add_suggestion(uow_at(eng, now), person.id, LINK, "도시계획과")
    council.answer_suggestion(uow_at(eng, now), sid, PIXEL)
    at.toggle(key="council.open_only").set_value(False).run()
    assert not at.exception
    labels = [e.label for e in at.expander if "click me" in e.label]
    assert len(labels) == 1
    assert markdown_text(LINK) in labels[0]
    assert "[click me](" not in labels[0]
    answers = [m.value for m in at.markdown if "127" in m.value]
    assert answers == [markdown_text(PIXEL)]


def test_a_visit_title_in_the_saved_message_is_text(open_page, env_db):
    at = open_page("pages/visits.py", opened=LOG_SECTIONS)
    at.text_input(key="visit_form.title").input(PIXEL)
    at.selectbox(key="visit_form.category").set_value("economy")
    at.button(key="visit_form.submit").click().run()
    assert not at.exception, at.exception
    saved = [s.value for s in at.success if "127" in s.value]
    assert saved and all(PIXEL not in s and markdown_text(PIXEL) in s for s in saved), saved


def test_a_category_label_with_image_markdown_is_text_in_the_feed_list(open_page, env_db):
    from planner import feeds

    at = open_page("pages/calendar.py")
    eng = db.get_engine(env_db)
    services.add_category(uow_at(eng), "culture", PIXEL, PIXEL, "#7f7f7f", "policy")
    feeds.create_feed(uow_at(eng, datetime.fromisoformat(CLOCK)), categories=("culture",))
    at.run()
    assert not at.exception
    rows = [m.value for m in at.markdown if "127" in m.value]
    assert rows and all(markdown_text(PIXEL) in r and PIXEL not in r for r in rows), rows
