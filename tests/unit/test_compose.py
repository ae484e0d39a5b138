"""Issue 13, item 7: the committed ``compose.yaml`` and its proxy configuration, read as data.

It must start PostgreSQL, two app instances, the feed server and a proxy; give the apps only settings the
planner reads, pointing at that PostgreSQL; and the proxy must keep each browser on one instance (sticky:
Streamlit's session and websocket live in one process) while sending /feeds/ to the feed server.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml

from planner import config

ROOT = Path(__file__).resolve().parents[2]


def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))


def command(service: dict) -> list[str]:
    cmd = service["command"]
    return shlex.split(cmd) if isinstance(cmd, str) else list(cmd)


def option(cmd: list[str], name: str) -> str:
    return cmd[cmd.index(name) + 1]


def test_compose_starts_postgres_two_app_instances_the_feed_server_and_a_proxy():
    services = compose()["services"]
    assert {"postgres", "app1", "app2", "feed", "proxy"} <= set(services)
    assert services["postgres"]["image"].startswith("postgres")
    for name in ("app1", "app2"):
        cmd = command(services[name])
        assert option(cmd, "--server.port").isdigit()
        assert cmd[:5] == ["python", "-m", "streamlit", "run", "streamlit_app.py"]
        assert option(cmd, "--server.address") == "0.0.0.0"
    assert command(services["feed"])[:4] == ["python", "-m", "planner", "serve-feed"]
    assert any(str(p).endswith(":8080") or str(p) == "8080" for p in services["proxy"]["ports"])


def test_the_apps_get_only_settings_the_planner_reads_and_share_one_postgres_and_one_cookie_secret():
    services = compose()["services"]
    known = {s.env for s in config.SETTINGS}
    envs = [services[name]["environment"] for name in ("app1", "app2", "feed")]
    for env in envs:
        planner_vars = {k for k in env if k.startswith("PLANNER_")}
        assert planner_vars <= known, planner_vars - known
        url = env["PLANNER_DATABASE_URL"]
        assert url.startswith("postgresql+psycopg2://") and "@postgres/" in url
        db = services["postgres"]["environment"]
        assert url.endswith("/" + db["POSTGRES_DB"]) and f"{db['POSTGRES_USER']}:{db['POSTGRES_PASSWORD']}@" in url
    assert envs[0] == envs[1]  # the two instances are interchangeable
    assert envs[0]["STREAMLIT_SERVER_COOKIE_SECRET"]


def test_the_proxy_config_is_sticky_to_both_instances_and_sends_feeds_to_the_feed_server():
    services = compose()["services"]
    mount = next(v for v in services["proxy"]["volumes"] if v.split(":")[1] == "/etc/caddy/Caddyfile")
    caddyfile = (ROOT / mount.split(":")[0]).read_text(encoding="utf-8")
    lines = [line.split("#")[0].strip() for line in caddyfile.splitlines()]
    lines = [line for line in lines if line]
    app_ports = {name: option(command(services[name]), "--server.port") for name in ("app1", "app2")}
    upstreams = next(line.split()[1:] for line in lines if line.startswith("reverse_proxy app"))
    assert sorted(u.rstrip("{").strip() for u in upstreams if u != "{") == sorted(
        f"{name}:{port}" for name, port in app_ports.items()
    )
    assert any(re.fullmatch(r"lb_policy (cookie|ip_hash|client_ip_hash)( \S+)?", line) for line in lines), (
        "the proxy must keep a browser on one instance (Streamlit's websocket and session live in one process)"
    )
    feed_port = option(command(services["feed"]), "--port")
    block = caddyfile[caddyfile.index("handle /feeds/*") :]
    assert f"reverse_proxy feed:{feed_port}" in block[: block.index("}")]
    listen = next(line for line in lines if re.fullmatch(r":\d+ \{", line))
    assert any(str(p).split(":")[-1] == listen[1:-2] for p in services["proxy"]["ports"])
    assert not any(line.startswith("log") for line in lines), "an access log would print whole feed tokens"
