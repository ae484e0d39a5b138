"""The map's third-party browser files, served by the app itself so the map works with no internet.

Leaflet (and jQuery, for folium plugins that want it) come from the XStatic packages on PyPI,
installed from requirements.txt. At start the files are copied into ``static/vendor/`` (ignored
by git), which Streamlit serves at ``/app/static/vendor/`` because ``.streamlit/config.toml`` sets
``enableStaticServing``. ``local_url`` maps the CDN addresses folium writes into those local paths;
an address it does not know is reported, never silently loaded from the internet.
"""

from __future__ import annotations

import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

from planner.config import PROJECT_ROOT

STATIC_DIR = PROJECT_ROOT / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
# Where the browser finds static/ (Streamlit's static serving); absolute from the app's origin.
STATIC_URL = "/app/static"
VENDOR_URL = f"{STATIC_URL}/vendor"

_lock = threading.Lock()

# The app's own browser files (the map's canvas layer), kept as real .js/.css files so they can be
# read and linted; copied beside the vendor files and served the same way.
OWN_DIR = Path(__file__).resolve().parent / "web"
OWN_NAME = "planner"  # folder under static/vendor/


@dataclass(frozen=True)
class Package:
    name: str  # folder under static/vendor/
    module: str  # the XStatic module holding the files
    files: tuple[str, ...]  # files or folders under the package's data/ folder


PACKAGES = (
    Package("leaflet", "xstatic.pkg.leaflet", ("leaflet.js", "leaflet.css", "images")),
    Package("jquery", "xstatic.pkg.jquery", ("jquery.min.js",)),
)

# The CDN files folium and its elements ask for -> our copy. Leaflet is 1.9.3 in both.
_KNOWN = {
    "leaflet.js": "leaflet/leaflet.js",
    "leaflet.css": "leaflet/leaflet.css",
    "jquery-3.7.1.min.js": "jquery/jquery.min.js",
}
# Files only folium's ``Icon`` markers need (Bootstrap, awesome-markers, Font Awesome). The plan
# page draws canvas circles and DivIcons instead, so these are dropped rather than fetched.
_NOT_NEEDED = (
    "bootstrap",
    "awesome-markers",
    "awesome_markers",
    "fontawesome",
    "font-awesome",
    "leaflet.awesome.rotate",
    "glyphicons",
)


def _source_dir(package: Package) -> Path:
    import importlib

    module = importlib.import_module(package.module)
    return Path(module.BASE_DIR)


def ensure_static_assets(target: Path = VENDOR_DIR) -> list[Path]:
    """Copy the vendor files into ``target`` when missing or changed; returns the files copied."""
    copied: list[Path] = []
    with _lock:
        for package in PACKAGES:
            source = _source_dir(package)
            for name in package.files:
                src = source / name
                dst = target / package.name / name
                sources = sorted(p for p in src.rglob("*") if p.is_file()) if src.is_dir() else [src]
                for file in sources:
                    out = dst / file.relative_to(src) if src.is_dir() else dst
                    if out.exists() and out.stat().st_size == file.stat().st_size:
                        continue
                    out.parent.mkdir(parents=True, exist_ok=True)
                    tmp = out.with_suffix(out.suffix + ".tmp")
                    shutil.copyfile(file, tmp)
                    tmp.replace(out)  # atomic: a browser never reads a half-written file
                    copied.append(out)
        for file in sorted(OWN_DIR.iterdir()):
            out = target / OWN_NAME / file.name
            content = file.read_bytes()
            # Compared by content, not size: an edit of our own file may keep its size.
            if out.exists() and out.read_bytes() == content:
                continue
            out.parent.mkdir(parents=True, exist_ok=True)
            tmp = out.with_suffix(out.suffix + ".tmp")
            tmp.write_bytes(content)
            tmp.replace(out)
            copied.append(out)
    return copied


def own_url(name: str) -> str:
    """The URL of the app's own browser file ``name`` (in ``planner/web/``), with a content hash
    in the query so a browser never runs a cached older copy after an upgrade."""
    import hashlib

    digest = hashlib.sha256((OWN_DIR / name).read_bytes()).hexdigest()[:12]
    return f"{VENDOR_URL}/{OWN_NAME}/{name}?v={digest}"


class ExternalAsset(ValueError):
    """A map asked for a browser file the app does not serve itself."""


def local_url(url: str) -> str | None:
    """Our copy of a CDN ``url``; None for files the app's maps do not need; raises for others."""
    if url.startswith(STATIC_URL + "/") or url.startswith("./") or url.startswith("../"):
        return url
    name = url.rsplit("/", 1)[-1]
    if name in _KNOWN:
        return f"{VENDOR_URL}/{_KNOWN[name]}"
    if any(marker in url for marker in _NOT_NEEDED):
        return None
    raise ExternalAsset(url)


def local_urls(urls: list[str]) -> list[str]:
    out: list[str] = []
    for url in urls:
        local = local_url(url)
        if local is not None and local not in out:
            out.append(local)
    return out


PUBLISHED_DIR = VENDOR_DIR / "data"
KEEP_PUBLISHED = 64


def publish(content: bytes, suffix: str = ".json", folder: Path | None = None) -> str:
    """Serve ``content`` as a static file named by its hash; returns its URL (``/app/static/...``).

    Used for data the map fetches (the points of the planning map), so the page's own payload stays
    small. Same content, same name: browsers may cache it. Only the newest files are kept.
    """
    import hashlib

    target = folder or PUBLISHED_DIR
    name = hashlib.sha256(content).hexdigest()[:32] + suffix
    path = target / name
    if not path.exists():
        target.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(suffix + f".{threading.get_ident()}.tmp")
        tmp.write_bytes(content)
        tmp.replace(path)
        _prune(target, suffix)
    else:
        path.touch()  # in use again: keep it among the newest
    rel = path.relative_to(STATIC_DIR).as_posix() if path.is_relative_to(STATIC_DIR) else name
    return f"{STATIC_URL}/{rel}"


def published_exists(url: str) -> bool:
    """Whether the file ``publish`` returned ``url`` for is still there (another process may prune it)."""
    rel = url.removeprefix(f"{STATIC_URL}/")
    return rel != url and (STATIC_DIR / rel).is_file()


def _prune(folder: Path, suffix: str) -> None:
    files = sorted(folder.glob(f"*{suffix}"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEEP_PUBLISHED:]:
        try:
            old.unlink()
        except OSError:
            pass  # another process removed it first
