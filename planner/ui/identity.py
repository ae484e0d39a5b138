"""Who is using the app (issue 13, item 1): Streamlit's own sign-in, a trusted proxy's header, or
local single-user mode; and the sidebar line that says which.

- ``[auth]`` configured in ``.streamlit/secrets.toml``: OpenID Connect through ``st.login`` (Authlib).
  Until the user signs in, the app shows only the sign-in button. The claim ``PLANNER_AUTH_CLAIM``
  (default ``email``) is the planner user name.
- else ``PLANNER_AUTH_HEADER`` set: the header's value is the user name, believed only when the
  connection comes from ``PLANNER_TRUSTED_PROXIES`` (Streamlit reports a loopback peer as no address:
  it counts as ``127.0.0.1``).
- else nobody is signed in.

What the name may do is the core's business (``planner.accounts``): with no user registered every
action is allowed (local mode); a name that is not a registered, active user only reads.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

from planner import accounts, config
from planner.uow import UnitOfWork


@dataclass(frozen=True)
class SignedIn:
    name: str | None  # the planner user name, None when nobody is signed in
    source: str  # "oidc", "header" or "none"
    needs_login: bool = False  # OIDC is configured and the user has not signed in yet


def trusted(ip: str | None, proxies: str) -> bool:
    """Whether a connection from ``ip`` (None: loopback, as Streamlit reports it) is from a trusted proxy."""
    try:
        address = ipaddress.ip_address(ip or "127.0.0.1")
    except ValueError:
        return False
    for part in filter(None, (p.strip() for p in proxies.split(","))):
        try:
            if address in ipaddress.ip_network(part, strict=False):
                return True
        except ValueError:
            continue
    return False


def header_user(headers: Mapping[str, str], ip: str | None, header: str, proxies: str) -> str | None:
    """The user name a trusted proxy put in ``header``; None from an untrusted address or without it."""
    if not header or not trusted(ip, proxies):
        return None
    value = next((v for k, v in headers.items() if k.lower() == header.lower()), "")
    value = (value or "").strip()
    return value or None


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: Streamlit raises its own error type
        return False


def signed_in() -> SignedIn:
    """The user of this session, from the configured identity source."""
    if oidc_configured():
        user = st.user
        if not user.is_logged_in:
            return SignedIn(None, "oidc", needs_login=True)
        claim = str(config.get("auth_claim"))
        name = user.get(claim) or user.get("sub")
        return SignedIn(str(name) if name else None, "oidc")
    header = str(config.get("auth_header"))
    if header:
        name = header_user(dict(st.context.headers), st.context.ip_address, header, str(config.get("trusted_proxies")))
        return SignedIn(name, "header")
    return SignedIn(None, "none")


def current_actor() -> str | None:
    return signed_in().name


def sidebar(work: UnitOfWork) -> None:
    """Say plainly who the app acts as and with which role; the sign-in or sign-out button for OIDC.
    With OIDC configured and nobody signed in, the page stops at the sign-in button."""
    from planner.ui import tr

    who = signed_in()
    if who.needs_login:
        st.info(tr("identity.anonymous"))
        st.button(tr("identity.login"), on_click=st.login, key="identity.login", type="primary")
        st.stop()
    role = accounts.role_of(work)
    if role == accounts.LOCAL:
        st.sidebar.caption(tr("identity.local_mode"))
    elif who.name is None:
        st.sidebar.caption(tr("identity.anonymous"))
    elif role is None:
        st.sidebar.caption(tr("identity.unregistered", name=who.name))
    else:
        st.sidebar.caption(tr("identity.signed_in", name=who.name, role=tr(f"role.{role}")))
    if who.source == "oidc":
        st.sidebar.button(tr("identity.logout"), on_click=st.logout, key="identity.logout")
