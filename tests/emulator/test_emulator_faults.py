"""The --faults spec: its syntax, its errors, and that a seed makes a run repeat."""

from __future__ import annotations

import pytest

from dsm.emulator.faults import Faults, FaultSpecError, from_table, parse


def test_a_spec_has_clauses_with_options() -> None:
    plan = parse(
        "seed=7; error:p=0.25,code=503,methods=GetAsync|SetAsync,key=Player_*; latency:dist=uniform,min=0.1,max=0.3"
    )
    assert plan.seed == 7
    error, latency = plan.rules
    assert (error.kind, error.probability, error.error) == ("error", 0.25, "InternalError503")
    assert error.methods == frozenset({"GetAsync", "SetAsync"}) and error.key == "Player_*"
    assert (latency.distribution, latency.numbers) == ("uniform", {"min": 0.1, "max": 0.3})


def test_named_errors_and_codes_are_both_accepted() -> None:
    assert parse("error:code=KeyThrottled").rules[0].error == "KeyThrottled"
    assert parse("ghostwrite:code=502").rules[0].error == "RequestRejected"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("eror:p=1", "unknown fault 'eror' (did you mean error?)"),
        ("error:p=2", "p must be between 0 and 1"),
        ("error:p=x", "p must be a number"),
        ("error:probability=1", "error takes no option 'probability'"),
        ("error:code=102", "is not a server, throttle or access error"),
        ("error:methods=GetAsinc", "unknown method GetAsinc"),
        ("latency:dist=uniform,min=1", "needs max"),
        ("latency:dist=uniform,min=2,max=1", "min must not be above max"),
        ("latency:dist=gamma,value=1", "must be one of fixed, uniform"),
        ("throttle:times=-1", "must be >= 0"),
        ("seed=abc", "seed must be a whole number"),
        ("error:p", "needs the form option=value"),
    ],
)
def test_a_wrong_spec_names_its_clause_and_what_to_fix(spec: str, message: str) -> None:
    with pytest.raises(FaultSpecError) as raised:
        parse(spec)
    assert message in raised.value.message
    assert "clause 1" in raised.value.message and "\n" not in raised.value.message


def test_the_table_form_reads_like_the_spec_form() -> None:
    plan = from_table([{"kind": "error", "p": 0.5, "methods": ["GetAsync"], "code": 503}, {"seed": 3}])
    assert plan.seed == 3 and plan.rules[0].methods == frozenset({"GetAsync"})
    with pytest.raises(FaultSpecError, match="fault 1"):
        from_table([{"kind": "nope"}])


def test_times_limits_how_often_a_rule_fires() -> None:
    faults = Faults(parse("throttle:times=2"))
    fired = [faults.throttled("GetAsync", "S", "k") for _ in range(4)]
    assert fired == [True, True, False, False]


def test_rules_pick_their_methods_keys_and_stores() -> None:
    faults = Faults(parse("throttle:methods=SetAsync,key=Player_*,store=Player*"))
    assert faults.throttled("SetAsync", "PlayerData", "Player_1")
    assert not faults.throttled("GetAsync", "PlayerData", "Player_1")
    assert not faults.throttled("SetAsync", "PlayerData", "Other")
    assert not faults.throttled("SetAsync", "Scores", "Player_1")


def test_the_same_seed_gives_the_same_run() -> None:
    def run() -> list[object]:
        faults = Faults(parse("seed=11; error:p=0.5; latency:dist=normal,mean=0.3,sd=0.1"))
        return [
            (faults.server_error("GetAsync", "S", "k", False), faults.latency("GetAsync", "S", "k")) for _ in range(50)
        ]

    first, second = run(), run()
    assert first == second
    assert {error for error, _ in first} > {None}


def test_ghost_writes_only_hit_writes_and_short_pages_only_listings() -> None:
    faults = Faults(parse("ghostwrite; shortpage"))
    assert faults.ghost_write("GetAsync", "S", "k", False) is None
    assert faults.ghost_write("SetAsync", "S", "k", False) == "InternalError504"
    assert faults.ghost_write("SetAsync", "S", "k", True) == "InternalError505"
    assert faults.short_page("GetAsync", "S", None, 10) is None
    keep = faults.short_page("ListKeysAsync", "S", None, 10)
    assert keep is not None and 0 <= keep < 10
