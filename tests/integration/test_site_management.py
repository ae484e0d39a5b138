"""Managing sites (issue 12, item 7): edit a site's name, address and kind with the site rules and a check
against what the user saw; merge a duplicate into another site, its visits moved through the visit change
path, all or nothing."""

from __future__ import annotations

from collections import Counter

import pytest

from planner import accounts, services
from planner.domain import NotFound, StaleVersion, ValidationError


def _sites_with_visits(uow):
    counts = Counter(v.site_id for v in services.list_visits(uow))
    return [site_id for site_id, _ in counts.most_common()]


def test_change_site_saves_and_records_the_audit_trail(sample_uow):
    site = services.list_sites(sample_uow)[0]
    changed = services.change_site(
        sample_uow,
        site.id,
        {"name": site.name, "address": site.address},
        {"name": "  새 이름  ", "address": "서울 중구 세종대로 110", "kind": ""},
    )
    assert (changed.name, changed.address, changed.kind) == ("새 이름", "서울 중구 세종대로 110", "other")
    assert services.get_site(sample_uow, site.id) == changed
    entry = accounts.list_audit(sample_uow, entity="site", entity_id=site.id)[-1]
    assert entry.action == "site.edit"
    assert entry.before is not None and entry.before["name"] == site.name
    assert entry.after is not None and entry.after["name"] == "새 이름"


def test_change_site_refuses_what_the_site_rules_refuse(sample_uow):
    site = services.list_sites(sample_uow)[0]
    with pytest.raises(ValidationError):
        services.change_site(sample_uow, site.id, {}, {"name": "   "})
    with pytest.raises(ValidationError):
        services.change_site(sample_uow, site.id, {}, {"address": "x" * 301})
    with pytest.raises(ValidationError):
        services.change_site(sample_uow, site.id, {}, {"name": "둘째\n줄"})
    with pytest.raises(ValidationError):
        services.change_site(sample_uow, site.id, {}, {"lat": 37.0})  # not editable here
    with pytest.raises(NotFound):
        services.change_site(sample_uow, 999_999, {}, {"name": "없는 장소"})
    assert services.get_site(sample_uow, site.id) == site


def test_change_site_refuses_when_someone_changed_it_since(sample_uow):
    site = services.list_sites(sample_uow)[0]
    services.change_site(sample_uow, site.id, {"name": site.name}, {"name": "먼저 바꾼 이름"})
    with pytest.raises(StaleVersion):
        services.change_site(sample_uow, site.id, {"name": site.name}, {"name": "늦게 바꾼 이름"})
    assert services.get_site(sample_uow, site.id).name == "먼저 바꾼 이름"


def test_merge_moves_every_visit_with_a_new_version_and_removes_the_duplicate(sample_uow):
    keep_id, drop_id = _sites_with_visits(sample_uow)[:2]
    moving = {v.id: v.version for v in services.list_visits(sample_uow) if v.site_id == drop_id}
    assert moving
    keep_before = sum(1 for v in services.list_visits(sample_uow) if v.site_id == keep_id)
    kept = services.merge_sites(sample_uow, keep_id, drop_id)
    assert kept.id == keep_id
    with pytest.raises(NotFound):
        services.get_site(sample_uow, drop_id)
    after = services.list_visits(sample_uow)
    assert sum(1 for v in after if v.site_id == keep_id) == keep_before + len(moving)
    for v in after:
        if v.id in moving:
            assert v.site_id == keep_id and v.version == moving[v.id] + 1
            assert "site_id" in services.visit_history(sample_uow, v.id)[0].changed
    entry = accounts.list_audit(sample_uow, entity="site", entity_id=drop_id)[-1]
    assert entry.after == {"merged_into": keep_id, "visits": sorted(moving)}


def test_merge_refuses_a_site_into_itself_and_unknown_sites(sample_uow):
    site_id = _sites_with_visits(sample_uow)[0]
    with pytest.raises(ValidationError):
        services.merge_sites(sample_uow, site_id, site_id)
    with pytest.raises(NotFound):
        services.merge_sites(sample_uow, site_id, 999_999)
    assert services.get_site(sample_uow, site_id)


def test_merge_is_all_or_nothing(sample_uow, monkeypatch):
    keep_id, drop_id = _sites_with_visits(sample_uow)[:2]
    before = {v.id: (v.site_id, v.version) for v in services.list_visits(sample_uow)}
    moving = [i for i, (s, _) in before.items() if s == drop_id]
    assert len(moving) >= 2
    real = services.change_visit
    calls = []

    def fail_on_second(uow, visit, changes, version, **kw):
        calls.append(visit.id)
        if len(calls) == 2:
            raise ValidationError("error.bulk_nothing")
        return real(uow, visit, changes, version, **kw)

    monkeypatch.setattr(services, "change_visit", fail_on_second)
    with pytest.raises(ValidationError):
        services.merge_sites(sample_uow, keep_id, drop_id)
    assert {v.id: (v.site_id, v.version) for v in services.list_visits(sample_uow)} == before
    assert services.get_site(sample_uow, drop_id)
