// Formats Luau for `dsm fmt` with StyLua's WASM build, one file per request, so Node and the
// WASM module start once per run instead of once per file.
//
//   node stylua_server.cjs <path to @johnnymorganz/stylua> '<options as JSON>'
//
// Requests and answers are JSON, one per line:
//   stdin:  {"code": "<source>"}
//   stdout: {"ok": true, "code": "<formatted>"}  or  {"ok": false, "error": "<message>"}
// Options use stylua.toml's names and values ({"column_width": 120, "indent_type": "Tabs",
// "sort_requires": {"enabled": true}}); dsm checks them before starting this server.
"use strict";

const readline = require("node:readline");

const stylua = require(process.argv[2]);
const options = JSON.parse(process.argv[3] || "{}");

// stylua.toml names -> the WASM enum each option takes.
const ENUMS = {
	syntax: stylua.LuaVersion,
	line_endings: stylua.LineEndings,
	indent_type: stylua.IndentType,
	quote_style: stylua.QuoteStyle,
	call_parentheses: stylua.CallParenType,
	collapse_simple_statement: stylua.CollapseSimpleStatement,
	space_after_function_names: stylua.SpaceAfterFunctionNames,
	block_newline_gaps: stylua.BlockNewlineGaps,
};

// formatCode takes ownership of the Config it is given (reusing one fails with "null pointer
// passed to rust"), so every file gets a fresh one.
function makeConfig() {
	const config = stylua.Config.new();
	for (const [name, value] of Object.entries(options)) {
		if (name === "sort_requires") {
			const sort = stylua.SortRequiresConfig.new();
			sort.enabled = Boolean(value.enabled);
			config.sort_requires = sort;
		} else if (name in ENUMS) {
			const member = ENUMS[name][value];
			if (member === undefined) {
				throw new Error(`StyLua has no ${name} = ${value}`);
			}
			config[name] = member;
		} else {
			config[name] = value;
		}
	}
	return config;
}

function answer(message) {
	process.stdout.write(JSON.stringify(message) + "\n");
}

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on("line", (line) => {
	let request;
	try {
		request = JSON.parse(line);
	} catch (error) {
		answer({ ok: false, error: `bad request: ${error.message}` });
		return;
	}
	try {
		const code = stylua.formatCode(request.code, makeConfig(), undefined, stylua.OutputVerification.None);
		answer({ ok: true, code });
	} catch (error) {
		answer({ ok: false, error: String(error && error.message ? error.message : error) });
	}
});
