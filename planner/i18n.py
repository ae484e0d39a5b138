"""Korean and English interface text, from one catalogue.

The catalogue is the union of the modules in ``planner/messages/`` (one per feature, each a
``MESSAGES`` dict of key -> {"ko": ..., "en": ...}). Korean is the default language. A test
fails when a key lacks either language or when code uses a key the catalogue does not have.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from functools import cache

LANGUAGES = ("ko", "en")
DEFAULT_LANGUAGE = "ko"


@cache
def catalogue() -> dict[str, dict[str, str]]:
    import planner.messages as package

    merged: dict[str, dict[str, str]] = {}
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"planner.messages.{info.name}")
        for key, texts in module.MESSAGES.items():
            if key in merged:
                raise RuntimeError(f"message key defined twice: {key} ({info.name})")
            merged[key] = texts
    return merged


def normalize_language(lang: str | None) -> str:
    lang = (lang or "").strip().lower()[:2]
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """The message ``key`` in ``lang``, formatted with ``params``; the key itself if unknown."""
    texts = catalogue().get(key)
    if texts is None:
        return key
    text = texts.get(normalize_language(lang)) or texts[DEFAULT_LANGUAGE]
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def error_text(exc: object, lang: str = DEFAULT_LANGUAGE, quote: Callable[[object], str] | None = None) -> str:
    """A domain error (``planner.domain.PlannerError``) as one sentence in ``lang``.

    A ``field`` parameter is shown by its label (``field.<name>``) when the catalogue has one.
    ``quote`` is applied to every parameter (e.g. the pages escape user text for Markdown).
    """
    key = getattr(exc, "key", None)
    if key is None:
        return str(exc)
    params = dict(getattr(exc, "params", {}))
    for name, value in params.items():  # a refusal carried inside another (one visit of a batch)
        if getattr(value, "key", None) is not None and isinstance(value, Exception):
            params[name] = error_text(value, lang)
    for name in ("action", "role"):  # a permission by what it lets one do, a role by its name
        code = params.get(name)
        if isinstance(code, str) and f"{name}.{code}" in catalogue():
            # With the code, which scripts and the admin match on.
            params[name] = f"{t(f'{name}.{code}', lang)} ({code})"
    field = getattr(exc, "field", None)
    if field:
        label_key = f"field.{field}"
        params["field"] = t(label_key, lang) if label_key in catalogue() else field
    if quote is not None:
        params = {name: quote(value) for name, value in params.items()}
    return t(key, lang, **params)
