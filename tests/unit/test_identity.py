"""Issue 13: the trusted proxy's header names the user only on connections from the proxy."""

from planner.ui.identity import header_user, trusted


def test_trusted_addresses_and_networks():
    assert trusted("10.0.0.5", "10.0.0.5")
    assert trusted("10.1.2.3", "10.0.0.5, 10.1.0.0/16")
    assert not trusted("10.2.0.1", "10.0.0.5,10.1.0.0/16")
    assert trusted(None, "127.0.0.1,::1")  # Streamlit reports a loopback peer as no address
    assert not trusted(None, "10.0.0.5")
    assert not trusted("not an address", "0.0.0.0/0")
    assert not trusted("10.0.0.5", "")  # nothing trusted
    assert trusted("::1", "127.0.0.1,::1")


def test_the_header_is_read_case_insensitively_and_only_from_a_trusted_proxy():
    headers = {"X-Forwarded-User": " kim ", "Host": "planner"}
    assert header_user(headers, "10.0.0.5", "x-forwarded-user", "10.0.0.5") == "kim"
    assert header_user(headers, "10.9.9.9", "X-Forwarded-User", "10.0.0.5") is None  # spoofed from elsewhere
    assert header_user(headers, "10.0.0.5", "", "10.0.0.5") is None  # no header configured
    assert header_user({"X-Forwarded-User": " "}, "10.0.0.5", "X-Forwarded-User", "10.0.0.5") is None
    assert header_user({}, "10.0.0.5", "X-Forwarded-User", "10.0.0.5") is None
