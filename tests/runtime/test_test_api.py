"""The Jest-Lua compatible test API (TestRunner, Expect, Mock, fake timers) run inside LuauVM.

Each test compiles a spec source under a spec chunk name, collects it into a suite and runs
it through the runner protocol the `dsm test` host uses (collect, list, run, runAll, finish).
"""

from __future__ import annotations

import textwrap
from typing import Any

import pytest

from dsm.runtime.vm import LuauVM, from_lua

CHUNK = "@plugin/tests/example.spec.luau"
FILE = "plugin/tests/example.spec.luau"


class SpecFile:
    """One spec source collected into a suite, with the runner's methods callable from Python."""

    def __init__(self, source: str) -> None:
        self.source = textwrap.dedent(source)
        self.vm = LuauVM()
        runner = self.vm.import_module("Test/TestRunner")
        self.suite = runner.get("newSuite")()[0]
        self.env = self.vm.lua.create_table()
        for key, value in self._call("globals")[0]:
            self.env.set(key, value)
        meta = self.vm.lua.create_table()
        meta.set("__index", self.vm.shim_env)
        self.vm.lua.globals().get("setmetatable")(self.env, meta)
        spec = self.vm.load(self.source, CHUNK, self.env)
        ok, *error = self._call("collect", spec)
        self.collected = bool(ok)
        self.collect_error: str = from_lua(error[0]) if error and error[0] is not None else ""

    def _call(self, method: str, *args: Any) -> list[Any]:
        result: list[Any] = self.suite.get(method)(self.suite, *args)
        return result

    def cases(self) -> list[dict[str, Any]]:
        cases: list[dict[str, Any]] = from_lua(self._call("list")[0]) or []
        return cases

    def run(self, case_id: int) -> dict[str, Any]:
        result: dict[str, Any] = from_lua(self._call("run", case_id)[0])
        return result

    def run_all(self, test_filter: Any = None) -> list[dict[str, Any]]:
        results: list[dict[str, Any]] = from_lua(self._call("runAll", test_filter)[0]) or []
        return results

    def finish(self) -> list[dict[str, Any]]:
        failures: list[dict[str, Any]] = from_lua(self._call("finish")[0]) or []
        return failures

    def value(self, name: str) -> Any:
        """A global the spec assigned (spec globals live in its environment table)."""
        return from_lua(self.env.raw_get(name))

    def line_of(self, marker: str) -> int:
        """The 1-based line of the spec source holding `marker`."""
        for number, line in enumerate(self.source.splitlines(), start=1):
            if marker in line:
                return number
        raise AssertionError(f"marker {marker!r} not in the spec source")


def results_by_name(results: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {" ".join(result["path"]): result for result in results}


def run_spec(source: str) -> tuple[SpecFile, dict[str, dict[str, Any]]]:
    spec = SpecFile(source)
    assert spec.collected, spec.collect_error
    return spec, results_by_name(spec.run_all())


# Results and selection ---------------------------------------------------------------------


def test_results_report_status_message_and_the_failing_expect_line() -> None:
    spec, results = run_spec(
        """
        describe("math", function()
            it("adds", function()
                expect(1 + 1).toBe(2)
            end)
            it("fails", function()
                local total = 1 + 3
                expect(total).toBe(3) -- the failing line
            end)
            it.skip("is skipped", function()
                error("skipped tests do not run")
            end)
            it.todo("is planned")
        end)
        """
    )
    assert results["math adds"]["status"] == "passed"
    failed = results["math fails"]
    assert failed["status"] == "failed"
    assert failed["message"] == "expect(received).toBe(expected)\n\nExpected: 3\nReceived: 4"
    assert failed["file"] == FILE
    assert failed["line"] == spec.line_of("the failing line")
    assert f"{FILE}:{spec.line_of('the failing line')}" in failed["traceback"]
    assert results["math is skipped"]["status"] == "skipped"
    assert results["math is planned"]["status"] == "skipped"
    assert results["math is planned"]["message"] == "todo"


def test_list_gives_ids_paths_lines_and_skips_in_declaration_order() -> None:
    spec = SpecFile(
        """
        describe("outer", function()
            describe("inner", function()
                it("first", function() end) -- first test
            end)
            xit("second", function() end)
        end)
        test("third", function() end)
        """
    )
    cases = spec.cases()
    assert [case["id"] for case in cases] == [1, 2, 3]
    assert [case["path"] for case in cases] == [["outer", "inner", "first"], ["outer", "second"], ["third"]]
    assert [case["skipped"] for case in cases] == [False, True, False]
    assert cases[0]["line"] == spec.line_of("first test")
    assert cases[0]["fullName"] == "outer inner first"


def test_only_focuses_the_whole_file_and_skip_wins_over_only() -> None:
    spec, results = run_spec(
        """
        describe("A", function()
            it("unfocused", function() end)
            it.only("focused test", function() end)
        end)
        describe.only("B", function()
            it("inherits focus", function() end)
            it.skip("skipped inside focus", function() end)
        end)
        describe.skip("C", function()
            fit("focused but skipped block", function() end)
        end)
        test("plain", function() end)
        """
    )
    statuses = {name: result["status"] for name, result in results.items()}
    assert statuses == {
        "A unfocused": "skipped",
        "A focused test": "passed",
        "B inherits focus": "passed",
        "B skipped inside focus": "skipped",
        "C focused but skipped block": "skipped",
        "plain": "skipped",
    }
    assert [case["skipped"] for case in spec.cases()] == [True, False, False, True, True, True]


def test_run_all_filter_selects_by_name_substring_or_function() -> None:
    source = """
        describe("save", function()
            it("writes", function() end)
            it("retries", function() end)
        end)
        it("loads", function() end)
        """
    by_substring = SpecFile(source).run_all("save re")
    assert [result["path"] for result in by_substring] == [["save", "retries"]]

    spec = SpecFile(source)
    by_function = spec.run_all(spec.vm.load("local case = ... return case.id ~= 1", "@filter.luau"))
    assert [result["path"][-1] for result in by_function] == ["retries", "loads"]


# .each ---------------------------------------------------------------------------------------


def test_each_formats_printf_titles_and_passes_row_values() -> None:
    _, results = run_spec(
        """
        it.each({
            { 1, 1, 2 },
            { 1.5, 2.75, 4.25 },
        })("add(%d, %i) = %s #%# %%", function(a, b, expected)
            expect(a + b).toBe(expected)
        end)
        test.each({ "x", "y" })("letter %p", function(letter)
            expect(letter).toMatch("^[xy]$")
        end)
        test.each({ { { k = 1 } } })("table %s", function(row)
            expect(row.k).toBe(1)
        end)
        """
    )
    assert list(results) == [
        "add(1, 1) = 2 #1 %",
        "add(1.5, 2) = 4.25 #2 %",
        'letter "x"',
        'letter "y"',
        'table {"k": 1}',
    ]
    assert all(result["status"] == "passed" for result in results.values())


def test_each_with_named_rows_and_headings_interpolates_variables() -> None:
    _, results = run_spec(
        """
        test.each({
            { name = "alice", age = 3, pet = { kind = "cat" } },
            { name = "bob", age = 4, pet = { kind = "dog" } },
        })("$name is $age with a $pet.kind ($#) $missing", function(person)
            expect(person.age).toBeGreaterThan(3)
        end)
        test.each("a | b | expected", { 1, 1, 2 }, { 2, 2, 5 })("$a + $b = $expected", function(row)
            expect(row.a + row.b).toBe(row.expected)
        end)
        describe.each({ { 10 }, { 20 } })("with %d coins", function(coins)
            it("has them", function()
                expect(coins % 10).toBe(0)
            end)
        end)
        """
    )
    assert results["alice is 3 with a cat (1) $missing"]["status"] == "failed"
    assert results["bob is 4 with a dog (2) $missing"]["status"] == "passed"
    assert results["1 + 1 = 2"]["status"] == "passed"
    assert results["2 + 2 = 5"]["message"] == "expect(received).toBe(expected)\n\nExpected: 5\nReceived: 4"
    assert results["with 10 coins has them"]["status"] == "passed"
    assert results["with 20 coins has them"]["status"] == "passed"


def test_each_rejects_an_empty_table() -> None:
    spec = SpecFile('it.each({})("never", function() end)')
    assert not spec.collected
    assert spec.collect_error.startswith(f"{FILE}:1: `.each` called with an empty Array of table data.")


# Hooks ---------------------------------------------------------------------------------------

HOOK_ORDER_SPEC = """
    log = {}
    local function note(text)
        return function()
            table.insert(log, text)
        end
    end
    beforeAll(note("1 - beforeAll"))
    afterAll(note("1 - afterAll"))
    beforeEach(note("1 - beforeEach"))
    afterEach(note("1 - afterEach"))
    test("outer", note("1 - test"))
    describe("Scoped / Nested block", function()
        beforeAll(note("2 - beforeAll"))
        afterAll(note("2 - afterAll"))
        beforeEach(note("2 - beforeEach"))
        afterEach(note("2 - afterEach"))
        test("inner", note("2 - test"))
    end)
    """

# Jest's documented order (jestjs.io/docs/setup-teardown#order-of-execution).
JEST_HOOK_ORDER = [
    "1 - beforeAll",
    "1 - beforeEach",
    "1 - test",
    "1 - afterEach",
    "2 - beforeAll",
    "1 - beforeEach",
    "2 - beforeEach",
    "2 - test",
    "2 - afterEach",
    "1 - afterEach",
    "2 - afterAll",
    "1 - afterAll",
]


def test_hooks_run_in_jest_order_with_run_all() -> None:
    spec, results = run_spec(HOOK_ORDER_SPEC)
    assert all(result["status"] == "passed" for result in results.values())
    assert spec.value("log") == JEST_HOOK_ORDER


def test_running_each_id_in_sequence_runs_after_all_after_the_last_test_of_its_block() -> None:
    spec = SpecFile(HOOK_ORDER_SPEC)
    spec.run(1)
    assert spec.value("log") == JEST_HOOK_ORDER[:4]
    spec.run(2)
    assert spec.value("log") == JEST_HOOK_ORDER
    assert spec.finish() == []


def test_finish_runs_after_all_hooks_still_pending_and_reports_their_failures() -> None:
    spec = SpecFile(
        """
        log = {}
        describe("db", function()
            afterAll(function()
                table.insert(log, "closed")
                error("close failed")
            end)
            it("one", function() end)
            it("two", function() end)
        end)
        """
    )
    assert spec.run(1)["status"] == "passed"
    assert not spec.value("log")
    failures = spec.finish()
    assert spec.value("log") == ["closed"]
    assert len(failures) == 1
    assert failures[0]["hook"] == "afterAll"
    assert failures[0]["path"] == ["db"]
    assert failures[0]["message"].startswith('afterAll hook in "db" failed: ')
    assert failures[0]["message"].endswith("close failed")
    assert spec.finish() == []


def test_hook_errors_fail_the_affected_tests_with_a_message_naming_the_hook() -> None:
    spec, results = run_spec(
        """
        ran = {}
        describe("broken setup", function()
            beforeAll(function()
                error("database down")
            end)
            it("one", function() table.insert(ran, "one") end)
            it("two", function() table.insert(ran, "two") end)
        end)
        describe("broken each", function()
            beforeEach(function()
                expect(1).toBe(2) -- beforeEach line
            end)
            afterEach(function()
                table.insert(ran, "afterEach still runs")
            end)
            it("body", function() table.insert(ran, "body") end)
        end)
        describe("broken teardown", function()
            afterAll(function()
                error("teardown failed")
            end)
            it("first", function() end)
            it("last", function() end)
        end)
        """
    )
    for name in ("broken setup one", "broken setup two"):
        assert results[name]["status"] == "failed"
        assert results[name]["message"].startswith('beforeAll hook in "broken setup" failed: ')
        assert results[name]["message"].endswith("database down")
    each = results["broken each body"]
    assert each["message"] == (
        'beforeEach hook in "broken each" failed: expect(received).toBe(expected)\n\nExpected: 2\nReceived: 1'
    )
    assert each["line"] == spec.line_of("beforeEach line")
    assert spec.value("ran") == ["afterEach still runs"]
    assert results["broken teardown first"]["status"] == "passed"
    assert results["broken teardown last"]["status"] == "failed"
    assert 'afterAll hook in "broken teardown" failed: ' in results["broken teardown last"]["message"]


def test_declaring_tests_inside_a_test_is_an_error() -> None:
    _, results = run_spec(
        """
        it("outer", function()
            it("inner", function() end)
        end)
        """
    )
    assert results["outer"]["message"] == (
        f'{FILE}:3: Tests cannot be nested. Test "inner" cannot run because it is nested within "outer".'
    )


# Collection ----------------------------------------------------------------------------------


def test_collect_reports_an_error_in_a_describe_body_with_its_traceback() -> None:
    spec = SpecFile(
        """
        describe("outer", function()
            it("kept", function() end)
            describe("inner", function()
                local missing = nil
                print(missing.field) -- bad line
            end)
        end)
        """
    )
    assert not spec.collected
    message, *traceback = spec.collect_error.splitlines()
    assert message == f"{FILE}:{spec.line_of('bad line')}: attempt to index nil with 'field'"
    assert f"{FILE}:{spec.line_of('bad line')}" in traceback
    assert not any(line.startswith("dsm/") for line in traceback)
    assert [case["path"] for case in spec.cases()] == [["outer", "kept"]]


def test_collect_rejects_a_test_without_a_function() -> None:
    spec = SpecFile('it("no body")')
    assert not spec.collected
    assert spec.collect_error.startswith(
        f"{FILE}:1: Missing second argument. It must be a callback function. "
        "Perhaps you want to use `test.todo` for a test placeholder."
    )


def test_running_before_collecting_or_an_unknown_id_is_refused() -> None:
    vm = LuauVM()
    check = vm.load(
        """
        local TestRunner = import("Test/TestRunner")
        local fresh = TestRunner.newSuite()
        local before = select(2, pcall(fresh.run, fresh, 1))
        local collected = TestRunner.newSuite()
        collected:collect(function() end)
        local unknown = select(2, pcall(collected.run, collected, 7))
        return before, unknown
        """,
        "@check.luau",
        vm.shim_env,
    )
    before, unknown = (from_lua(value) for value in check())
    assert before.endswith("collect the spec file (suite:collect) before running its tests")
    assert unknown.endswith("no test with id 7 in this suite")


# Matcher messages ----------------------------------------------------------------------------

FAILURE_MESSAGES: list[tuple[str, str]] = [
    ("expect(3).never.toBe(3)", "expect(received).never.toBe(expected)\n\nExpected: never 3"),
    (
        "expect({ 1, 2 }).toBe({ 1, 2 })",
        "expect(received).toBe(expected)\n\nExpected: {1, 2}\nReceived: {1, 2}\n\n"
        'If it should pass with deep equality, replace "toBe" with "toStrictEqual"',
    ),
    (
        "expect({ b = { c = { 1, 2, 3 } }, a = 1 }).toEqual({ a = 1, b = { c = { 1, 2, 4 } } })",
        "expect(received).toEqual(expected)\n\n"
        'Expected: {"a": 1, "b": {"c": {1, 2, 4}}}\n'
        'Received: {"a": 1, "b": {"c": {1, 2, 3}}}\n\n'
        "Difference:\n  .b.c[3]: expected 4, received 3",
    ),
    (
        "expect(setmetatable({ a = 1 }, {})).toStrictEqual({ a = 1 })",
        'expect(received).toStrictEqual(expected)\n\nExpected: {"a": 1}\nReceived: {"a": 1}\n\n'
        "Difference:\n  (top level): metatables differ",
    ),
    ("expect(nil).toBeDefined()", "expect(received).toBeDefined()\n\nReceived: nil"),
    ("expect(5).toBeNil()", "expect(received).toBeNil()\n\nReceived: 5"),
    ("expect(false).toBeTruthy()", "expect(received).toBeTruthy()\n\nReceived: false"),
    ("expect(0).toBeFalsy()", "expect(received).toBeFalsy()\n\nReceived: 0"),
    (
        'expect("hello").toContain("xyz")',
        'expect(received).toContain(expected)\n\nExpected substring: "xyz"\nReceived string:    "hello"',
    ),
    (
        "expect({ 1, 2 }).toContain(3)",
        "expect(received).toContain(expected)\n\nExpected value: 3\nReceived table: {1, 2}",
    ),
    (
        "expect({ 1, 2 }).toHaveLength(3)",
        "expect(received).toHaveLength(expected)\n\nExpected length: 3\nReceived length: 2\nReceived value:  {1, 2}",
    ),
    (
        'expect(function() error("boom", 0) end).toThrow("bang")',
        'expect(received).toThrow(expected)\n\nExpected substring: "bang"\nReceived message:   "boom"',
    ),
    ("expect(function() end).toThrow()", "expect(received).toThrow()\n\nReceived function did not throw"),
    (
        'expect(function() error("boom", 0) end).never.toThrow()',
        'expect(received).never.toThrow()\n\nReceived function threw: "boom"',
    ),
    (
        "expect({ a = 1, b = { c = 2 } }).toMatchObject({ b = { c = 3 } })",
        'expect(received).toMatchObject(expected)\n\nExpected: {"b": {"c": 3}}\n'
        'Received: {"a": 1, "b": {"c": 2}}\n\nDifference:\n  .b.c: expected 3, received 2',
    ),
    (
        "expect(0.3).toBeCloseTo(0.32)",
        "expect(received).toBeCloseTo(expected)\n\nExpected: 0.32\nReceived: 0.3\n\n"
        "Expected precision:    2\nExpected difference: < 0.005\nReceived difference:   0.020000000000000018",
    ),
    ("expect(1).toBeGreaterThan(2)", "expect(received).toBeGreaterThan(expected)\n\nExpected: > 2\nReceived:   1"),
    (
        "expect(5).never.toBeLessThanOrEqual(6)",
        "expect(received).never.toBeLessThanOrEqual(expected)\n\nExpected: never <= 6\nReceived:          5",
    ),
    (
        'expect("abc").toMatch("^b")',
        'expect(received).toMatch(expected)\n\nExpected pattern: "^b"\nReceived string:  "abc"',
    ),
    ("expect(1).toBeNaN()", "expect(received).toBeNaN()\n\nReceived: 1"),
    (
        'expect("x").toBeGreaterThan(1)',
        "expect(received).toBeGreaterThan(expected)\n\nMatcher error: received value must be a number\n\n"
        'Received has type:  string\nReceived has value: "x"',
    ),
    (
        'local fn = jest.fn() fn("a", { x = 1 }) fn("b") expect(fn).toHaveBeenCalledWith("a", { x = 2 })',
        'expect(jest.fn()).toHaveBeenCalledWith(...expected)\n\nExpected: "a", {"x": 2}\nReceived:\n'
        '       1: "a", {"x": 1}\n       2: "b"\n\nNumber of calls: 2',
    ),
    (
        "local fn = jest.fn() fn() expect(fn).toHaveBeenCalledTimes(2)",
        "expect(jest.fn()).toHaveBeenCalledTimes(expected)\n\nExpected number of calls: 2\nReceived number of calls: 1",
    ),
    (
        'local fn = jest.fn().mockName("save") expect(fn).toHaveBeenCalled()',
        "expect(save).toHaveBeenCalled()\n\nExpected number of calls: >= 1\nReceived number of calls:    0",
    ),
    (
        "expect(1).toHaveBeenCalled()",
        "expect(received).toHaveBeenCalled()\n\nMatcher error: received value must be a mock function\n\n"
        "Received has type:  number\nReceived has value: 1",
    ),
    (
        "expect.assertions(2) expect(1).toBe(1)",
        "expect.assertions(2)\n\nExpected 2 assertions to be called but received 1 assertion call.",
    ),
]


@pytest.mark.parametrize(("statement", "message"), FAILURE_MESSAGES, ids=[case[0] for case in FAILURE_MESSAGES])
def test_matcher_failure_messages(statement: str, message: str) -> None:
    _, results = run_spec(f'it("case", function()\n{statement}\nend)')
    assert results["case"]["status"] == "failed"
    assert results["case"]["message"] == message


def test_pretty_printer_sorts_keys_nests_long_tables_and_survives_cycles() -> None:
    _, results = run_spec(
        """
        it("case", function()
            local node = { name = "root", values = { 1, "two", true } }
            node.self = node
            expect({
                zeta = "a long string that pushes this table past one line",
                alpha = node,
                [2] = print,
                [true] = 1,
            }).toBe(1)
        end)
        """
    )
    assert results["case"]["message"] == (
        "expect(received).toBe(expected)\n\n"
        "Expected: 1\n"
        "Received: {\n"
        "  [2]: [Function print],\n"
        '  "alpha": {"name": "root", "self": [Circular], "values": {1, "two", true}},\n'
        '  "zeta": "a long string that pushes this table past one line",\n'
        "  [true]: 1,\n"
        "}"
    )


def test_passing_matchers_pass_in_both_directions() -> None:
    _, results = run_spec(
        r"""
        local Signal = import("Signal")
        local Class = {}
        Class.__index = Class
        it("passes", function()
            local signal = Signal.new("Changed")
            expect(0 / 0).toBe(0 / 0)
            expect({ 0 / 0, { signal } }).toEqual({ 0 / 0, { signal } })
            expect(signal).never.toEqual(Signal.new("Changed"))
            expect(setmetatable({ a = 1 }, Class)).toEqual({ a = 1 })
            expect(setmetatable({ a = 1 }, Class)).never.toStrictEqual({ a = 1 })
            expect(setmetatable({ a = 1 }, Class)).toStrictEqual(setmetatable({ a = 1 }, Class))
            expect({ x = 1, y = "s", z = { 1 } }).toEqual({
                x = expect.any("number"),
                y = expect.stringMatching("^s$"),
                z = expect.anything(),
            })
            expect({ 3, 1, 2 }).toEqual(expect.arrayContaining({ 1, 3 }))
            expect({ a = 1, b = 2 }).toEqual(expect.objectContaining({ a = 1 }))
            expect({ a = 1 }).toEqual(expect.never.objectContaining({ a = 2 }))
            expect(setmetatable({}, Class)).toEqual(expect.any(Class))
            expect(signal).toEqual(expect.any("RBXScriptSignal"))
            expect({ 1, 2, 3 }).toContain(2)
            expect({ { a = 1 } }).toContainEqual({ a = 1 })
            expect({ { a = 1 } }).never.toContain({ a = 1 })
            expect("a.b").toContain(".")
            expect({ length = 4 }).toHaveLength(4)
            expect("abc").toHaveLength(3)
            expect(0).toBeTruthy()
            expect(nil).toBeFalsy()
            expect(nil).toBeNil()
            expect(false).toBeDefined()
            expect(0.1 + 0.2).toBeCloseTo(0.3, 5)
            expect(math.huge).toBeCloseTo(math.huge)
            expect(2).toBeGreaterThanOrEqual(2)
            expect(1).toBeLessThan(2)
            expect(0 / 0).toBeNaN()
            expect("Hello world").toMatch("w%a+")
            expect({ a = { b = 1, c = 2 }, d = 3 }).toMatchObject({ a = { b = 1 } })
            expect({ { a = 1, x = 0 }, { b = 2 } }).toMatchObject({ { a = 1 }, { b = 2 } })
            expect({ { a = 1 }, { b = 2 } }).never.toMatchObject({ { a = 1 } })
            expect({ a = 1 }).toMatchObject({ b = expect.nothing() })
            expect(function() error("yuck, octopus flavor") end).toThrow("octopus")
            expect(function() error({ message = "custom" }) end).toThrow("custom")
            expect(function() error({ message = "exact" }) end).toThrow({ message = "exact" })
            expect(function() expect(1).toBe(2) end).toThrow("Expected: 2")
            expect(function() end).never.toThrow()
        end)
        """
    )
    assert results["passes"]["status"] == "passed", results["passes"].get("message")


def test_expect_extend_adds_matchers_usable_directly_and_asymmetrically() -> None:
    _, results = run_spec(
        """
        expect.extend({
            toBeWithinRange = function(self, received, floor, ceiling)
                local pass = received >= floor and received <= ceiling
                return {
                    pass = pass,
                    message = function()
                        local verb = if self.isNot then "not to be" else "to be"
                        return ("expected %d %s within range %d - %d"):format(received, verb, floor, ceiling)
                    end,
                }
            end,
        })
        it("in range", function()
            expect(100).toBeWithinRange(90, 110)
            expect({ apples = 6 }).toEqual({ apples = expect.toBeWithinRange(1, 10) })
        end)
        it("out of range", function()
            expect(101).toBeWithinRange(0, 100)
        end)
        it("negated", function()
            expect(5).never.toBeWithinRange(0, 10)
        end)
        """
    )
    assert results["in range"]["status"] == "passed"
    assert results["out of range"]["message"] == "expected 101 to be within range 0 - 100"
    assert results["negated"]["message"] == "expected 5 not to be within range 0 - 10"


def test_an_expectation_failing_in_another_thread_fails_the_test() -> None:
    spec, results = run_spec(
        """
        local Signal = import("Signal")
        it("handler asserts", function()
            local changed, fire = Signal.new("Changed")
            changed:Connect(function(value)
                expect(value).toBe(2) -- handler line
            end)
            fire(1)
        end)
        """
    )
    result = results["handler asserts"]
    assert result["status"] == "failed"
    assert result["message"] == (
        "In a thread started by the test: expect(received).toBe(expected)\n\nExpected: 2\nReceived: 1"
    )
    assert result["line"] == spec.line_of("handler line")


def test_error_raised_by_runtime_code_points_at_the_spec_line_that_called_it() -> None:
    spec, results = run_spec(
        """
        it("misuses the scheduler", function()
            local Scheduler = import("Scheduler")
            Scheduler.delay(1, 42) -- bad call
        end)
        """
    )
    result = results["misuses the scheduler"]
    assert result["status"] == "failed"
    assert "function or thread expected" in result["message"]
    assert result["line"] == spec.line_of("bad call")


# Mocks ---------------------------------------------------------------------------------------


def test_mock_functions_record_calls_and_results() -> None:
    spec, results = run_spec(
        """
        it("records", function()
            local add, addFn = jest.fn(function(a, b)
                if a == nil then
                    error("no a", 0)
                end
                return a + b
            end)
            add(1, 2)
            addFn(3, 4)
            pcall(add)
            recorded = { calls = add.mock.calls, results = add.mock.results, lastCall = add.mock.lastCall }
            expect(add).toHaveBeenCalledTimes(3)
            expect(addFn).toHaveBeenCalledWith(1, 2)
            expect(add).toHaveBeenNthCalledWith(2, 3, 4)
            expect(add).toHaveBeenLastCalledWith()
            expect(add).toHaveReturnedWith(7)
            expect(add).toHaveReturnedTimes(2)
            expect(add).toHaveNthReturnedWith(1, 3)
        end)
        it("matches arguments asymmetrically", function()
            local fn = jest.fn()
            fn(5, "hello world", { id = 7, name = "x" })
            expect(fn).toHaveBeenCalledWith(
                expect.any("number"),
                expect.stringContaining("world"),
                expect.objectContaining({ id = 7 })
            )
            expect(fn).never.toHaveBeenCalledWith(expect.any("string"), expect.anything(), expect.anything())
        end)
        it("clears and resets every mock of the file", function()
            local first = jest.fn(function() return 1 end)
            local second = jest.fn().mockReturnValue(2)
            first()
            second()
            jest.clearAllMocks()
            expect(first).never.toHaveBeenCalled()
            expect(second()).toBe(2)
            jest.resetAllMocks()
            expect(first()).toBeNil()
            expect(second()).toBeNil()
        end)
        it("trailing nils count as arguments", function()
            local fn = jest.fn()
            fn("a", nil)
            expect(fn).toHaveBeenCalledWith("a")
            expect(fn).toHaveBeenCalledWith("a", nil)
            expect(fn).never.toHaveBeenCalledWith("a", false)
        end)
        """
    )
    assert results["records"]["status"] == "passed", results["records"].get("message")
    for name in ("matches arguments asymmetrically", "clears and resets every mock of the file"):
        assert results[name]["status"] == "passed", results[name].get("message")
    assert results["trailing nils count as arguments"]["status"] == "passed"
    recorded = spec.value("recorded")
    assert recorded["calls"] == [[1, 2], [3, 4], {}]
    assert recorded["results"] == [
        {"type": "return", "value": 3},
        {"type": "return", "value": 7},
        {"type": "throw", "value": "no a"},
    ]
    assert recorded["lastCall"] == {}


def test_mock_return_values_implementations_clear_and_reset() -> None:
    spec, results = run_spec(
        """
        it("configures", function()
            local fn = jest.fn()
            fn.mockReturnValueOnce("first").mockReturnValueOnce("second").mockReturnValue("default")
            seen = { fn(), fn(), fn(), fn() }
            fn.mockImplementationOnce(function(x) return x * 10 end)
            table.insert(seen, fn(4))
            table.insert(seen, fn(4))
            fn.mockClear()
            expect(fn).never.toHaveBeenCalled()
            table.insert(seen, fn())
            fn.mockReset()
            table.insert(seen, tostring(fn()))
            expect(fn.mock.calls).toEqual({ {} })
        end)
        it("refuses colon calls", function()
            local fn = jest.fn()
            fn:mockReturnValue(3)
        end)
        """
    )
    assert results["configures"]["status"] == "passed", results["configures"].get("message")
    assert spec.value("seen") == ["first", "second", "default", "default", 40, "default", "default", "nil"]
    assert results["refuses colon calls"]["message"] == (
        f"{FILE}:{spec.line_of('fn:mockReturnValue')}: "
        "call mock methods with a dot: mockFn.mockReturnValue(...), not mockFn:mockReturnValue(...)"
    )


def test_spy_on_calls_through_and_restores() -> None:
    _, results = run_spec(
        """
        local greeter = { greet = function(self, name) return "hi " .. name end }
        it("spies", function()
            local spy = jest.spyOn(greeter, "greet")
            expect(greeter:greet("bob")).toBe("hi bob")
            expect(spy).toHaveBeenCalledWith(greeter, "bob")
            spy.mockReturnValue("mocked")
            expect(greeter:greet("bob")).toBe("mocked")
            spy.mockRestore()
            expect(greeter:greet("ann")).toBe("hi ann")
            expect(jest.isMockFunction(greeter.greet)).toBe(false)
        end)
        it("restores all", function()
            local spy = jest.spyOn(greeter, "greet").mockReturnValue("mocked")
            expect(jest.isMockFunction(greeter.greet)).toBe(true)
            jest.restoreAllMocks()
            expect(greeter:greet("ann")).toBe("hi ann")
        end)
        it("refuses non-functions", function()
            jest.spyOn({ value = 1 }, "value")
        end)
        """
    )
    assert results["spies"]["status"] == "passed", results["spies"].get("message")
    assert results["restores all"]["status"] == "passed", results["restores all"].get("message")
    assert results["refuses non-functions"]["message"].endswith(
        "Cannot spy the value property because it is not a function; number given instead"
    )


# Virtual time --------------------------------------------------------------------------------


def test_tests_that_wait_advance_the_virtual_clock() -> None:
    _, results = run_spec(
        """
        local Scheduler = import("Scheduler")
        local Signal = import("Signal")
        it("waits", function()
            local slept = Scheduler.wait(2.5)
            expect(slept).toBe(2.5)
        end)
        it("waits on a signal", function()
            local ready, fire = Signal.new("Ready")
            Scheduler.delay(4, fire, "payload")
            expect(ready:Wait()).toBe("payload")
        end)
        it("uses done", function(_, done)
            Scheduler.delay(1, function()
                done()
            end)
        end)
        """
    )
    assert {name: (result["status"], result["duration"]) for name, result in results.items()} == {
        "waits": ("passed", 2.5),
        "waits on a signal": ("passed", 4),
        "uses done": ("passed", 1),
    }


def test_fake_timers_move_the_scheduler_clock() -> None:
    _, results = run_spec(
        """
        local Scheduler = import("Scheduler")
        it("advances", function()
            jest.useFakeTimers()
            local fired = 0
            Scheduler.delay(1, function() fired += 1 end)
            jest.advanceTimersByTime(999)
            expect(fired).toBe(0)
            jest.advanceTimersByTime(1)
            expect(fired).toBe(1)
            jest.useRealTimers()
        end)
        it("advances after the test has waited", function()
            local started = Scheduler.now()
            Scheduler.wait(1)
            local fired = false
            Scheduler.delay(5, function() fired = true end)
            jest.advanceTimersByTime(5000)
            expect(fired).toBe(true)
            expect(Scheduler.now() - started).toBe(6)
        end)
        it("runs all timers", function()
            local order = {}
            Scheduler.delay(3, function()
                table.insert(order, "a")
                Scheduler.delay(2, function() table.insert(order, "b") end)
            end)
            expect(jest.getTimerCount()).toBe(1)
            local started = jest.now()
            jest.runAllTimers()
            expect(order).toEqual({ "a", "b" })
            expect(jest.getTimerCount()).toBe(0)
            expect(jest.now() - started).toBe(5000)
        end)
        it("does not run only pending timers", function()
            jest.runOnlyPendingTimers()
        end)
        """
    )
    for name in ("advances", "advances after the test has waited", "runs all timers"):
        assert results[name]["status"] == "passed", results[name].get("message")
    assert "jest.runOnlyPendingTimers is not supported" in results["does not run only pending timers"]["message"]


def test_a_test_that_never_finishes_fails_after_its_virtual_time_limit() -> None:
    spec, results = run_spec(
        """
        local Signal = import("Signal")
        it("waits forever", function()
            local never = Signal.new("Never")
            never:Wait() -- stuck here
        end)
        it("has a shorter timeout", function()
            coroutine.yield()
        end, 2000)
        """
    )
    forever = results["waits forever"]
    assert forever["status"] == "failed"
    assert forever["message"] == "test did not finish: still waiting after 3600 virtual seconds"
    assert forever["line"] == spec.line_of("stuck here")
    assert forever["duration"] == 3600
    shorter = results["has a shorter timeout"]
    assert shorter["message"] == "test did not finish: still waiting after 2 virtual seconds"
    assert shorter["duration"] == 2
