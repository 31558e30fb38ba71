"""Request budgets (§7): both models, refill on virtual time, SetRateLimitForRequestType."""

from __future__ import annotations

import pytest

from dsm.emulator.budgets import BudgetOptions, Budgets
from dsm.emulator.errors import EngineError

T0 = 1_700_000_000.0


def test_legacy_start_budgets_rates_and_caps() -> None:
    budgets = Budgets(BudgetOptions(model="legacy", players=10), T0)
    assert budgets.available("GetAsync", T0) == 100
    assert budgets.available("GetSortedAsync", T0) == 10
    assert budgets.available("SetIncrementSortedAsync", T0) == 50
    # 60 + 10 x 10 players = 160 a minute, capped at 3 x 160.
    assert budgets.available("GetAsync", T0 + 60) == 260
    assert budgets.available("GetAsync", T0 + 3600) == 480


def test_update_async_budget_is_the_smaller_of_get_and_set() -> None:
    budgets = Budgets(BudgetOptions(model="legacy", start={"SetIncrementAsync": 7}), T0)
    assert budgets.available("UpdateAsync", T0) == 7


def test_the_2026_model_has_server_and_experience_budgets() -> None:
    budgets = Budgets(BudgetOptions(model="2026", players=2, ccu=100), T0)
    # Per server: 60 + 40 x 2 = 140 a minute; the experience allows 300 + 40 x 100.
    assert budgets.available("StandardRead", T0) == 140
    assert budgets.experience["StandardRead"].rate == 4300
    charges = budgets.charges(("StandardRead",))
    assert {charge.scope for charge in charges} == {"server", "experience"}


def test_legacy_request_types_read_as_their_2026_buckets_and_back() -> None:
    modern = Budgets(BudgetOptions(model="2026"), T0)
    assert modern.available("GetAsync", T0) == modern.available("StandardRead", T0)
    legacy = Budgets(BudgetOptions(model="legacy"), T0)
    assert legacy.available("StandardWrite", T0) == legacy.available("SetIncrementAsync", T0)


def test_waiting_for_budget_is_the_time_the_rate_takes_to_refill() -> None:
    budgets = Budgets(BudgetOptions(model="legacy", start={"GetAsync": 0}), T0)
    charges = budgets.charges(("GetAsync",))
    seconds, blocking = budgets.wait_for(charges, T0)
    assert seconds == pytest.approx(1.0) and blocking is not None
    # Two requests ahead: the third waits for three refills.
    assert budgets.wait_for(charges, T0, ahead=2)[0] == pytest.approx(3.0)


def test_set_rate_limit_checks_its_ranges_and_changes_the_rate() -> None:
    budgets = Budgets(BudgetOptions(model="2026", players=1), T0)
    budgets.set_rate_limit("StandardRead", 10, 0, T0)
    assert budgets.server["StandardRead"].rate == 10
    with pytest.raises(EngineError, match="baseLimit for GetAsync must be between 0 and 60"):
        budgets.set_rate_limit("GetAsync", 61, 0, T0)
    with pytest.raises(EngineError, match="perPlayerLimit for StandardWrite must be between 0 and 200"):
        budgets.set_rate_limit("StandardWrite", 0, 201, T0)
    with pytest.raises(EngineError, match="can't be configured"):
        budgets.set_rate_limit("UpdateAsync", 1, 1, T0)
    with pytest.raises(EngineError, match="must be an integer"):
        budgets.set_rate_limit("StandardRead", 1.5, 0, T0)


def test_unlimited_budgets_charge_nothing() -> None:
    budgets = Budgets(BudgetOptions(unlimited=True), T0)
    assert budgets.charges(("GetAsync",)) == []


def test_an_unknown_model_is_refused() -> None:
    with pytest.raises(EngineError, match='"legacy" or "2026"'):
        Budgets(BudgetOptions(model="2020"), T0)
