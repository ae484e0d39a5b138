"""Streamlit helpers shared by the pages: the engine, language, clock and error display.

This is the only part of ``planner`` that imports Streamlit. Session state holds plain values
(language code, ids, versions), never database objects.
"""

from __future__ import annotations

import contextvars
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import streamlit as st
from sqlalchemy import Engine

from planner import config, services
from planner.domain import to_seoul
from planner.i18n import error_text, normalize_language, t
from planner.ui.cache import memo
from planner.uow import UnitOfWork

LANG_KEY = "lang"
# Tests (and demos) may pin the clock: an ISO datetime in session state under this key.
CLOCK_KEY = "clock.now"

_first_start_lock = threading.Lock()


@memo(8)
def _ready_engine(url: str, _now: datetime) -> tuple[Engine, int]:
    """Engine for ``url`` with schema and reference data; loads the sample data on first start.

    Memoised: the app's first start in this process may make the database; a file deleted later
    is reported by every unit of work, never silently made again."""
    with _first_start_lock:
        sample = str(config.get("sample_on_first_start")) not in ("0", "false", "no")
        return services.open_database(url, lambda: _now, create=True, sample_on_first_start=sample)


_sample_notices: set[str] = set()  # databases whose "sample data loaded" notice was shown


def engine() -> Engine:
    url = config.database_url()
    eng, loaded = _ready_engine(url, now())
    with _first_start_lock:
        first = loaded and url not in _sample_notices
        _sample_notices.add(url)
    if first:  # once, to the session that started the app on an empty database; not every new session
        st.toast(tr("app.sample_loaded", count=loaded))
    return eng


# The run's unit of work (``run_unit_of_work``): the frame and its page share one, so what it remembers
# (the data version, the user's role) is read once per run, not once per caller.
_RUN_UOW: contextvars.ContextVar[UnitOfWork | None] = contextvars.ContextVar("planner_run_uow", default=None)
_RUN_LANG: contextvars.ContextVar[str] = contextvars.ContextVar("planner_run_lang", default="")
# The run's navigation pages by file (``pages/visit.py``), set by the frame (``run_pages``).
_RUN_PAGES: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar("planner_run_pages", default=None)


def page_of(file: str) -> Any:
    """The navigation's page for ``file`` (``"pages/visit.py"``) in this run, for ``st.page_link`` and
    ``st.switch_page``: given the page itself Streamlit skips matching the path against every page's
    real path (~0.2 ms a link); outside the frame, the path as given."""
    pages = _RUN_PAGES.get()
    return pages.get(file, file) if pages else file


@contextmanager
def run_pages(pages: dict[str, Any]) -> Iterator[None]:
    """``page_of`` answers from ``pages`` (file -> ``st.Page``) inside this block (the frame's run)."""
    token = _RUN_PAGES.set(pages)
    try:
        yield
    finally:
        _RUN_PAGES.reset(token)


def uow() -> UnitOfWork:
    """A unit of work for this run of the page: the app's database, the page's clock and the signed-in
    user (``planner.ui.identity``; the core decides what they may do). It remembers the data version
    and the user's role for the run, until it writes (``UnitOfWork.recall``)."""
    shared = _RUN_UOW.get()
    return shared if shared is not None else _new_uow()


def _new_uow() -> UnitOfWork:
    from planner.ui.identity import current_actor

    return UnitOfWork(engine(), now, actor=current_actor(), remember=True)


@contextmanager
def run_unit_of_work() -> Iterator[UnitOfWork]:
    """One unit of work for the frame and the page of one run (``uow()`` inside gives it); the
    language, chosen by then (``language_selector``), is read once for the run too."""
    language = _RUN_LANG.set(lang())
    token = _RUN_UOW.set(_new_uow())
    try:
        yield _RUN_UOW.get() or _new_uow()
    finally:
        _RUN_UOW.reset(token)
        _RUN_LANG.reset(language)


def ensure_frame() -> None:
    """Call first on every page. Streamlit treats a ``pages/`` folder next to the main script as
    a legacy multipage app until some run calls ``st.navigation``: a fresh server whose first
    request is a page URL (a bookmarked ``/visits``), and every AppTest run, run the page on its
    own, without the frame. Then run the frame here (which runs this page inside it) and stop
    the bare run. Running it in the same script run keeps the user's click, which a rerun loses."""
    from streamlit.runtime.pages_manager import PagesManager

    if getattr(PagesManager, "uses_pages_directory", False):
        from planner.ui.frame import run

        run()  # st.navigation switches the legacy mode off for the server's later runs
        st.stop()


def lang() -> str:
    fixed = _RUN_LANG.get()  # inside a run's frame the language widget has its value: read it once
    return fixed or normalize_language(st.session_state.get(LANG_KEY) or str(config.get("language")))


def tr(key: str, **params: object) -> str:
    return t(key, lang(), **params)


def now() -> datetime:
    pinned = st.session_state.get(CLOCK_KEY)
    if pinned:
        return to_seoul(datetime.fromisoformat(str(pinned)))
    return services.system_clock()


_JOINER = "\u2060"  # WORD JOINER: invisible, breaks what GFM would autolink
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:@])")


def markdown_text(text: object) -> str:
    """User text shown literally inside Markdown (``st.markdown``, ``st.warning``, ``st.success``,
    expander labels ...): no links, images, emphasis, HTML or LaTeX. A title such as
    ``![px](http://host/px.png)`` rendered as Markdown makes every viewer's browser fetch that URL.

    Backslash escapes stop Markdown's syntax, but GitHub-flavoured Markdown still turns bare
    ``http://…``, ``www.…`` and ``a@b.c`` in the resulting text into links: an invisible word joiner
    (U+2060) after ``:`` and ``.`` and before ``@`` keeps them text."""
    return _MD_SPECIAL.sub(_escape, str(text)).replace("\n", "  \n")


def _escape(match: re.Match[str]) -> str:
    char = match.group(1)
    if char == "@":
        return _JOINER + char
    return "\\" + char + (_JOINER if char in ":." else "")


def tr_text(key: str, **params: object) -> str:
    """``tr`` for a message shown as Markdown whose parameters are user text: they are escaped."""
    return tr(key, **{name: markdown_text(value) for name, value in params.items()})


def app_address() -> str | None:
    """The app's address as this browser reached it (``https://host[/base]``), for URLs the app
    serves itself (calendar feeds) when no setting names the address; None when a setting does or
    the browser's URL is unknown."""
    if config.is_set("feed_base_url") or config.is_set("base_url"):
        return None
    url = urlsplit(str(st.context.url or ""))
    if not url.scheme or not url.netloc:
        return None
    base_path = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return f"{url.scheme}://{url.netloc}" + (f"/{base_path}" if base_path else "")


def show_error(exc: Exception) -> None:
    # Error parameters repeat what the user typed (a value, a file name): escaped like any user text.
    st.error(error_text(exc, lang(), quote=markdown_text))


def choose_language() -> str:
    """The session's language: the one chosen, else the URL's ``?lang=``, else PLANNER_LANGUAGE."""
    if LANG_KEY not in st.session_state:
        asked = st.query_params.get(LANG_KEY)
        st.session_state[LANG_KEY] = asked if asked in ("ko", "en") else _default_language()
    return lang()


def _default_language() -> str:
    return normalize_language(str(config.get("language")))


def language_selector() -> str:
    """The sidebar's language choice, kept in the URL (``?lang=en``) so that a reload or a shared
    link keeps it; the configured language (PLANNER_LANGUAGE) is left out of the URL."""
    default = _default_language()
    choose_language()
    # One label in both languages: a label that changed with the choice would make a new widget
    # (Streamlit derives the widget's identity from its label too) and drop the choice just made.
    st.sidebar.radio(
        f"{t('app.language', 'ko')} · {t('app.language', 'en')}",
        options=["ko", "en"],
        format_func=lambda code: {"ko": "한국어", "en": "English"}[code],
        key=LANG_KEY,
        horizontal=True,
    )
    chosen = lang()
    if chosen != default and st.query_params.get(LANG_KEY) != chosen:
        st.query_params[LANG_KEY] = chosen
    elif chosen == default and LANG_KEY in st.query_params:
        del st.query_params[LANG_KEY]
    return chosen


def status_label(value: str) -> str:
    return tr(f"status.{value}")


def labels(keys: dict[str, str]) -> Labels:
    """Translate now: widget ``format_func``s may be called outside the script run (e.g. by
    AppTest), where session state and so the language are not available."""
    return Labels({value: tr(key) for value, key in keys.items()})


def status_labels() -> Labels:
    from planner.domain import Status

    return labels({s.value: f"status.{s.value}" for s in Status})


FLASH_KEY = "planner.flash"


def flash(message: str, warning: str | None = None) -> None:
    """Show ``message`` after a rerun: the page redraws with the saved data and says so."""
    st.session_state[FLASH_KEY] = (message, warning)
    st.rerun()


def show_flash() -> None:
    item = st.session_state.pop(FLASH_KEY, None)
    if item:
        message, warning = item
        st.success(message)
        if warning:
            st.warning(warning)


def section(label: str, key: str, expanded: bool = False) -> tuple[Any, bool]:
    """An expander whose content is built only while it is open: ``box, is_open = section(...)``.

    A closed expander's widgets still cost their full build on every rerun (a drop-down of every
    site, a form per section); keyed with ``on_change="rerun"`` the page knows whether it is open
    and skips them. Open it from code (a link, a test) with ``st.session_state[key] = True``.

    Streamlit forgets the value of a widget it did not draw in a run, and a closed section's widgets
    are not drawn: give each keyed widget inside ``persist_state="page"``, or closing the section
    loses what was typed in it (tests/browser/test_log_sections_browser.py)."""
    box = st.expander(label, expanded=expanded, key=key, on_change="rerun")
    return box, bool(box.open)


def fresh(name: str) -> str:
    """The key prefix of a form's widgets: ``name`` until ``renew(name)``, then ``name.1``, ``name.2`` …

    A saved form starts empty again under new keys: its widgets keep their values while hidden
    (``persist_state``), so removing their keys would not clear them, and new keys are new widgets
    in the browser too."""
    generation = int(st.session_state.get(f"{name}.generation", 0))
    return f"{name}.{generation}" if generation else name


def renew(name: str) -> None:
    """Start the form ``name`` empty on the next run (see ``fresh``)."""
    st.session_state[f"{name}.generation"] = int(st.session_state.get(f"{name}.generation", 0)) + 1


class Labels(dict[str, str]):
    """Labels by code; called as a widget's ``format_func`` it gives the code itself when unknown."""

    def __call__(self, code: object) -> str:
        return self.get(str(code), str(code))


@dataclass(frozen=True)
class Vocabulary:
    """The labels pages show for categories, districts and statuses, in the current language, as
    plain dicts (a widget's ``format_func`` must not read session state)."""

    cat_codes: list[str]
    cat_label: Labels
    cat_color: dict[str, str]
    district_names: list[str]
    district_label: Labels
    status_text: Labels


def vocabulary(categories: list) -> Vocabulary:
    from planner import geo

    lang_ = lang()
    return Vocabulary(
        cat_codes=[c.code for c in categories],
        cat_label=Labels({c.code: c.label(lang_) for c in categories}),
        cat_color={c.code: c.color for c in categories},
        district_names=[d.name_ko for d in geo.districts()],
        district_label=Labels({d.name_ko: d.name(lang_) for d in geo.districts()}),
        status_text=status_labels(),
    )
