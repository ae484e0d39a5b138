"""A small process-wide cache for what pages compute from the database.

``st.cache_resource`` hashes every argument with Streamlit's own hasher on every call, which cost
more per rerun than the cached work saved on the busiest pages. Here the key is a plain tuple of
the arguments (Python's hash); as with Streamlit, arguments whose name starts with ``_`` are left
out of the key. Callers put the data version in the key, so a write makes old entries unused and
the least recently used ones fall out.
"""

from __future__ import annotations

import functools
import inspect
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def memo(maxsize: int = 16) -> Callable[[F], F]:
    def decorate(fn: F) -> F:
        signature = inspect.signature(fn)
        keyed = [name for name in signature.parameters if not name.startswith("_")]
        store: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        lock = threading.Lock()

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            key = tuple(bound.arguments[name] for name in keyed)
            with lock:
                if key in store:
                    store.move_to_end(key)
                    return store[key]
            value = fn(*args, **kwargs)  # outside the lock: two sessions may compute it at once
            with lock:
                store[key] = value
                store.move_to_end(key)
                while len(store) > maxsize:
                    store.popitem(last=False)
            return value

        wrapper.cache_clear = store.clear  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate
