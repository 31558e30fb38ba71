"""A request's way through the emulator: checks, cache, budgets and queues, then the state."""

from __future__ import annotations

import pytest
from emulator_helpers import Clock, call, finish, fresh, get_value, set_value

from dsm.emulator.errors import EngineError
from dsm.emulator.faults import parse
from dsm.emulator.operations import Target


def test_a_bad_argument_fails_at_once_costs_nothing_and_is_logged() -> None:
    emulator, clock = fresh()
    store = emulator.open(False, "PlayerData", "global", False)
    with pytest.raises(EngineError, match=r"^102: Key name exceeds the 50 character limit.$"):
        emulator.begin("GetAsync", store, clock.now, {"key": "k" * 51, "use_cache": True})
    with pytest.raises(EngineError, match=r"^101: "):
        emulator.begin("SetAsync", store, clock.now, {"key": "", "value": "1"})
    with pytest.raises(EngineError, match=r"^105: Serialized value exceeds 4194304 limit.$"):
        emulator.begin("SetAsync", store, clock.now, {"key": "k", "value": '"' + "x" * 4_194_303 + '"'})
    assert emulator.tickets == {}
    log = emulator.log.entries
    assert [(entry.outcome, entry.cost) for entry in log] == [("error", 0.0)] * 3


def test_a_value_of_exactly_the_limit_is_stored() -> None:
    emulator, clock = fresh()
    store = emulator.open(False, "PlayerData", "global", False)
    set_value(emulator, store, clock, "k", '"' + "x" * 4_194_302 + '"')
    assert len(get_value(emulator, store, clock, "k")[0]) == 4_194_304


def test_set_then_get_returns_the_value_and_its_key_info() -> None:
    emulator, clock = fresh()
    store = emulator.open(False, "PlayerData", "global", False)
    version = set_value(emulator, store, clock, "Player_1", '{"coins":5}', user_ids="[1]", metadata='{"a":"b"}')
    value, got_version, created, updated, user_ids, metadata = get_value(emulator, store, clock, "Player_1")
    assert (value, got_version, user_ids, metadata) == ('{"coins":5}', version, "[1]", '{"a":"b"}')
    assert created == updated == int(clock.now * 1000)


def test_set_without_user_ids_or_metadata_clears_them() -> None:
    emulator, clock = fresh()
    store = emulator.open(False, "PlayerData", "global", False)
    set_value(emulator, store, clock, "k", "1", user_ids="[1]", metadata='{"a":"b"}')
    set_value(emulator, store, clock, "k", "2")
    assert get_value(emulator, store, clock, "k")[4:] == ("[]", "{}")


def test_cached_reads_cost_nothing_until_the_four_seconds_pass() -> None:
    emulator, clock = fresh()
    emulator.set_budget_model("legacy", {}, clock.now)
    store = emulator.open(False, "PlayerData", "global", False)
    set_value(emulator, store, clock, "k", "1")
    start = emulator.budget("GetAsync", clock.now)
    assert get_value(emulator, store, clock, "k", use_cache=True)[0] == "1"
    assert emulator.budget("GetAsync", clock.now) == start
    assert emulator.log.entries[-1].outcome == "cached"
    clock.advance(4)
    get_value(emulator, store, clock, "k", use_cache=True)
    assert emulator.log.entries[-1].outcome == "ok"
    assert emulator.budget("GetAsync", clock.now) < start + 4


def test_a_cache_hit_does_not_extend_the_timer() -> None:
    emulator, clock = fresh()
    store = emulator.open(False, "S", "global", False)
    get_value(emulator, store, clock, "k", use_cache=True)
    clock.advance(3)
    get_value(emulator, store, clock, "k", use_cache=True)
    assert emulator.log.entries[-1].outcome == "cached"
    clock.advance(1.5)
    get_value(emulator, store, clock, "k", use_cache=True)
    assert emulator.log.entries[-1].outcome == "ok"


def test_each_data_store_object_has_its_own_cache() -> None:
    emulator, clock = fresh()
    scoped = emulator.open(False, "S", "global", False)
    all_scopes = emulator.open(False, "S", "", True)
    set_value(emulator, scoped, clock, "k", "1")
    assert get_value(emulator, all_scopes, clock, "global/k", use_cache=True)[0] == "1"
    set_value(emulator, scoped, clock, "k", "2")
    # The AllScopes object still answers from its own cache: stale, as in Roblox.
    assert get_value(emulator, all_scopes, clock, "global/k", use_cache=True)[0] == "1"
    assert get_value(emulator, all_scopes, clock, "global/k", use_cache=False)[0] == "2"


def test_all_scopes_keys_need_their_scope() -> None:
    emulator, clock = fresh()
    all_scopes = emulator.open(False, "S", "", True)
    with pytest.raises(EngineError, match="scope/key"):
        emulator.begin("GetAsync", all_scopes, clock.now, {"key": "k"})
    with pytest.raises(EngineError, match="empty string"):
        emulator.open(False, "S", "global", True)


def test_legacy_budgets_start_at_100_and_then_queue_at_the_per_minute_rate() -> None:
    emulator, clock = fresh()
    emulator.set_budget_model("legacy", {"players": 0}, clock.now)
    store = emulator.open(False, "S", "global", False)
    for _ in range(100):
        step = emulator.begin("GetAsync", store, clock.now, {"key": "k", "use_cache": False})
        assert step.seconds == 0
        finish(emulator, step, clock)
    step = emulator.begin("GetAsync", store, clock.now, {"key": "k", "use_cache": False})
    # 60 per minute: one more request a second.
    assert step.seconds == pytest.approx(1.0)
    started = clock.now
    finish(emulator, step, clock)
    assert clock.now - started == pytest.approx(1.0)
    assert emulator.log.entries[-1].queued == pytest.approx(1.0)


def test_the_31st_waiting_request_is_dropped_with_its_queue_full_error() -> None:
    emulator, clock = fresh()
    emulator.set_budget_model("legacy", {"startBudgets": {"SetIncrementAsync": 0}}, clock.now)
    store = emulator.open(False, "S", "global", False)
    waiting = [emulator.begin("SetAsync", store, clock.now, {"key": f"k{index}", "value": "1"}) for index in range(30)]
    assert all(step.kind == "wait" and step.seconds > 0 for step in waiting)
    with pytest.raises(
        EngineError, match=r"^302: SetAsync request dropped\. Request was throttled but queue was full\.$"
    ):
        emulator.begin("SetAsync", store, clock.now, {"key": "k30", "value": "1"})
    with pytest.raises(EngineError, match=r"^303: "):
        emulator.begin("IncrementAsync", store, clock.now, {"key": "k30", "delta": 1})
    # The queue drains in order as the budget refills.
    first = finish(emulator, waiting[0], clock)
    assert first.kind == "done"


def test_the_2026_model_names_its_throttle_errors_by_category() -> None:
    emulator, clock = fresh()
    emulator.set_budget_model("2026", {"startBudgets": {"StandardWrite": 0}}, clock.now)
    store = emulator.open(False, "S", "global", False)
    for index in range(30):
        emulator.begin("SetAsync", store, clock.now, {"key": f"k{index}", "value": "1"})
    with pytest.raises(EngineError, match=r"^StandardWrite request throttled by game server limits"):
        emulator.begin("SetAsync", store, clock.now, {"key": "x", "value": "1"})


def test_update_async_commits_the_transform_result_and_charges_read_and_write() -> None:
    emulator, clock = fresh()
    emulator.set_budget_model("legacy", {}, clock.now)
    store = emulator.open(False, "S", "global", False)
    read = finish(emulator, emulator.begin("UpdateAsync", store, clock.now, {"key": "k"}), clock)
    assert read.kind == "read" and read.result[0] is None
    done = emulator.commit(read.ticket, clock.now, "5", None, None)
    assert done.kind == "done" and done.result[0] == "5"
    entry = emulator.log.entries[-1]
    assert (entry.requestType, entry.cost, entry.attempts) == ("GetAsync+SetIncrementAsync", 2.0, 1)


def test_update_async_cancelled_by_nil_writes_nothing_and_spends_no_write_budget() -> None:
    emulator, clock = fresh()
    emulator.set_budget_model("legacy", {}, clock.now)
    store = emulator.open(False, "S", "global", False)
    set_value(emulator, store, clock, "k", "1")
    before = emulator.budget("SetIncrementAsync", clock.now)
    read = finish(emulator, emulator.begin("UpdateAsync", store, clock.now, {"key": "k"}), clock)
    emulator.cancel(read.ticket)
    assert emulator.budget("SetIncrementAsync", clock.now) == before
    assert emulator.log.entries[-1].outcome == "cancelled"
    assert emulator.ops.revision(Target(False, "S", "global", "k")) == 1


def test_update_async_reads_again_when_another_server_wrote_in_between() -> None:
    emulator, clock = fresh()
    store = emulator.open(False, "S", "global", False)
    set_value(emulator, store, clock, "k", "1")
    emulator.inject(parse('conflict:times=2,value="other"'))
    read = finish(emulator, emulator.begin("UpdateAsync", store, clock.now, {"key": "k"}), clock)
    assert read.result[0] == "1"
    again = emulator.commit(read.ticket, clock.now, "2", None, None)
    assert again.kind == "read" and again.result[0] == '"other"'
    third = emulator.commit(again.ticket, clock.now, "3", None, None)
    assert third.kind == "read"
    done = emulator.commit(third.ticket, clock.now, "4", None, None)
    assert done.kind == "done" and done.result[0] == "4"
    assert emulator.log.entries[-1].attempts == 3


def test_an_injected_error_fails_after_sending_and_writes_nothing() -> None:
    emulator, clock = fresh()
    store = emulator.open(False, "S", "global", False)
    set_value(emulator, store, clock, "k", "1")
    emulator.inject(parse("error:methods=SetAsync,code=503"))
    step = emulator.begin("SetAsync", store, clock.now, {"key": "k", "value": "2"})
    with pytest.raises(EngineError, match=r"^503: Data store request was successful but key wasn't found.$"):
        finish(emulator, step, clock)
    emulator.inject(parse(""))
    assert get_value(emulator, store, clock, "k")[0] == "1"


def test_a_ghost_write_applies_and_reports_failure() -> None:
    emulator, clock = fresh()
    store = emulator.open(False, "S", "global", False)
    emulator.inject(parse("ghostwrite:methods=SetAsync"))
    with pytest.raises(EngineError, match=r"^504: "):
        finish(emulator, emulator.begin("SetAsync", store, clock.now, {"key": "k", "value": "2"}), clock)
    emulator.inject(parse(""))
    assert get_value(emulator, store, clock, "k")[0] == "2"


def test_latency_makes_a_request_take_virtual_time() -> None:
    emulator, clock = fresh()
    store = emulator.open(False, "S", "global", False)
    emulator.inject(parse("latency:value=0.25"))
    started = clock.now
    get_value(emulator, store, clock, "k")
    assert clock.now - started == pytest.approx(0.25)
    assert emulator.log.entries[-1].latency == pytest.approx(0.25)


def test_without_studio_api_access_writes_fail_with_403() -> None:
    emulator, clock = fresh()
    store = emulator.open(False, "S", "global", False)
    emulator.api_access = False
    with pytest.raises(EngineError, match=r"^403: Can't write to DataStore from Studio"):
        emulator.begin("SetAsync", store, clock.now, {"key": "k", "value": "1"})
    with pytest.raises(EngineError, match=r"^502: "):
        emulator.begin("GetAsync", store, clock.now, {"key": "k"})


def test_remove_returns_what_was_there_and_then_nothing() -> None:
    emulator, clock = fresh()
    store = emulator.open(False, "S", "global", False)
    set_value(emulator, store, clock, "k", "1")
    removed = call(emulator, "RemoveAsync", store, clock, key="k")
    assert removed[0] == "1" and removed[1] is not None
    assert call(emulator, "RemoveAsync", store, clock, key="k") == (None,) * 6
    assert get_value(emulator, store, clock, "k") == (None,) * 6


def test_increment_starts_at_zero_and_refuses_a_non_integer_value() -> None:
    emulator, clock = fresh()
    store = emulator.open(False, "S", "global", False)
    assert call(emulator, "IncrementAsync", store, clock, key="n", delta=3)[0] == "3"
    assert call(emulator, "IncrementAsync", store, clock, key="n", delta=-1)[0] == "2"
    set_value(emulator, store, clock, "s", '"text"')
    with pytest.raises(EngineError, match="not an integer"):
        call(emulator, "IncrementAsync", store, clock, key="s", delta=1)
    with pytest.raises(EngineError, match="delta must be an integer"):
        emulator.begin("IncrementAsync", store, clock.now, {"key": "n", "delta": 1.5})


def test_list_keys_with_exclude_deleted_returns_an_empty_page_with_a_cursor() -> None:
    emulator, clock = fresh()
    store = emulator.open(False, "S", "global", False)
    for index in range(600):
        set_value(emulator, store, clock, f"a{index:04d}", "1")
        call(emulator, "RemoveAsync", store, clock, key=f"a{index:04d}")
    set_value(emulator, store, clock, "b", "1")
    args = {"prefix": "", "page_size": 10, "cursor": "", "exclude_deleted": True}
    names, cursor = call(emulator, "ListKeysAsync", store, clock, **args)
    assert names == [] and cursor != ""
    names, cursor = call(emulator, "ListKeysAsync", store, clock, **{**args, "cursor": cursor})
    assert names == ["b"] and cursor == ""
    # Without excludeDeleted the tombstoned keys are listed.
    names, _ = call(emulator, "ListKeysAsync", store, clock, **{**args, "exclude_deleted": False})
    assert names[0] == "a0000" and len(names) == 10


def test_a_cursor_that_is_not_one_is_invalid_exclusive_start_key() -> None:
    emulator, clock = fresh()
    store = emulator.open(False, "S", "global", False)
    set_value(emulator, store, clock, "k", "1")
    step = emulator.begin("ListKeysAsync", store, clock.now, {"cursor": "nope!"})
    with pytest.raises(EngineError, match="exclusive start key is not valid"):
        finish(emulator, step, clock)


def test_sorted_pages_check_their_arguments_and_page_lazily() -> None:
    emulator, clock = fresh()
    board = emulator.open(True, "Board", "global", False)
    for index in range(5):
        set_value(emulator, board, clock, f"p{index}", str(index * 10))
    for args, message in (
        ({"page_size": 0}, "^106: "),
        ({"page_size": 101}, "^106: "),
        ({"page_size": 10, "minimum": 1.5}, "^106: MinValue"),
        ({"page_size": 10, "minimum": 5, "maximum": 1}, "^107: "),
    ):
        with pytest.raises(EngineError, match=message):
            emulator.begin("GetSortedAsync", board, clock.now, {"ascending": True, **args})
    page, cursor = call(emulator, "GetSortedAsync", board, clock, ascending=False, page_size=2)
    assert page == [["p4", 40], ["p3", 30]]
    set_value(emulator, board, clock, "late", "35")
    page, _ = call(emulator, "GetSortedAsync", board, clock, ascending=False, page_size=2, cursor=cursor)
    assert page == [["p2", 20], ["p1", 10]]


def test_batch_get_is_for_ordered_stores_and_omits_missing_keys() -> None:
    emulator, clock = fresh()
    board = emulator.open(True, "Board", "global", False)
    standard = emulator.open(False, "Board", "global", False)
    set_value(emulator, board, clock, "a", "1")
    assert call(emulator, "BatchGetAsync", board, clock, keys=["a", "b"]) == ({"a": 1},)
    with pytest.raises(EngineError, match="only supported on OrderedDataStore"):
        emulator.begin("BatchGetAsync", standard, clock.now, {"keys": ["a"]})
    with pytest.raises(EngineError, match="1 to 100"):
        emulator.begin("BatchGetAsync", board, clock.now, {"keys": [f"k{index}" for index in range(101)]})


def test_ordered_values_must_be_integers_unless_configured_to_round() -> None:
    emulator, clock = fresh()
    board = emulator.open(True, "Board", "global", False)
    with pytest.raises(EngineError, match="must be integers"):
        emulator.begin("SetAsync", board, clock.now, {"key": "a", "value": "1.5"})
    emulator.configure({"orderedNonInteger": "round"})
    set_value(emulator, board, clock, "a", "1.5")
    assert get_value(emulator, board, clock, "a")[0] == "2"


def test_get_version_at_time_rejects_timestamps_in_the_far_future() -> None:
    emulator, clock = fresh()
    store = emulator.open(False, "S", "global", False)
    future = int((clock.now + 601) * 1000)
    for timestamp in (0, -5, future):
        with pytest.raises(EngineError, match=r"^Timestamp must be positive"):
            emulator.begin("GetVersionAtTimeAsync", store, clock.now, {"key": "k", "timestamp": timestamp})


def test_get_version_refuses_a_string_that_is_no_version() -> None:
    emulator, clock = fresh()
    store = emulator.open(False, "S", "global", False)
    with pytest.raises(EngineError, match="not valid"):
        emulator.begin("GetVersionAsync", store, clock.now, {"key": "k", "version": "v1"})


def test_a_queued_request_whose_thread_was_cancelled_leaves_the_queue() -> None:
    emulator, clock = fresh()
    emulator.set_budget_model("legacy", {"startBudgets": {"GetAsync": 0}}, clock.now)
    store = emulator.open(False, "S", "global", False)
    abandoned = emulator.begin("GetAsync", store, clock.now, {"key": "a", "use_cache": False})
    waiting = emulator.begin("GetAsync", store, clock.now, {"key": "b", "use_cache": False})
    assert abandoned.kind == waiting.kind == "wait"
    # Only the second request's thread keeps asking; the first stops blocking it.
    later = Clock(clock.now)
    done = finish(emulator, waiting, later)
    assert done.kind == "done"
    assert later.now - clock.now < 5
