"""The Jinja2 environment of ``dsm generate``, and template errors as one line with file and line.

Undefined names fail (StrictUndefined) instead of rendering as empty text, so a renamed
data key cannot silently produce a broken module. Helpers available in templates:

- filters ``luau`` (any value as a Luau expression), ``luau_fields`` (a mapping's entries as
  ``key = value,`` lines at an indentation level) and ``luau_string``;
- functions ``luau_union(name, members)`` (an ``export type`` of string literals) and
  ``enum(enum, item)`` (an ``Enum.<enum>.<item>`` expression).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
from jinja2 import meta

from dsm.errors import DsmError
from dsm.generate import luau

TEMPLATE_SUFFIX = ".j2"


def environment(folder: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder, encoding="utf-8"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # the output is Luau, not HTML
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["luau"] = luau.literal
    env.filters["luau_fields"] = luau.fields
    env.filters["luau_string"] = luau.string
    env.globals["luau_union"] = luau.union
    env.globals["enum"] = _enum
    return env


def _enum(enum: str, item: str) -> luau.Expr:
    if not (luau.is_identifier(enum) and luau.is_identifier(item)):
        raise luau.LuauValueError(f"Enum.{enum}.{item} is not an enum item name")
    return luau.Expr(f"Enum.{enum}.{item}")


def used_names(env: jinja2.Environment, name: str) -> set[str]:
    """The top-level names a template (and every template it includes or imports) reads."""
    seen: set[str] = set()
    names: set[str] = set()
    pending: list[tuple[str, str | None]] = [(name, None)]
    while pending:
        current, parent = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        source, filename = _source(env, current, parent)
        try:
            tree = env.parse(source, current, filename)
        except jinja2.TemplateSyntaxError as error:
            raise _syntax_error(env, error) from None
        names |= meta.find_undeclared_variables(tree)
        pending.extend((child, current) for child in meta.find_referenced_templates(tree) if child is not None)
    return names - set(env.globals)


def _source(env: jinja2.Environment, name: str, parent: str | None) -> tuple[str, str | None]:
    assert env.loader is not None
    try:
        source, filename, _ = env.loader.get_source(env, name)
    except jinja2.TemplateNotFound:
        if parent is None:
            raise DsmError("template not found", path=_folder(env) / name) from None
        raise DsmError(
            f'uses template "{name}", which is not in the templates folder', path=_folder(env) / parent
        ) from None
    return source, filename


def render(env: jinja2.Environment, name: str, context: Mapping[str, Any]) -> str:
    """The rendered template; any error in it is a DsmError naming the template file and line."""
    try:
        template = env.get_template(name)
    except jinja2.TemplateSyntaxError as error:
        raise _syntax_error(env, error) from None
    try:
        return template.render(context)
    except jinja2.TemplateSyntaxError as error:  # an included template that does not compile
        raise _syntax_error(env, error) from None
    except Exception as error:
        location = _template_frame(error.__traceback__, _template_files(env))
        if location is None:  # not raised by template code: a bug in dsm itself
            raise
        path, line = location
        raise DsmError(f"template error: {_describe(error)}", path=path, line=line) from None


def _syntax_error(env: jinja2.Environment, error: jinja2.TemplateSyntaxError) -> DsmError:
    path = Path(error.filename) if error.filename else _folder(env) / (error.name or "?")
    return DsmError(f"template syntax error: {error.message}", path=path, line=error.lineno)


def _describe(error: Exception) -> str:
    if isinstance(error, jinja2.UndefinedError):
        return f"{error.message} (no such name or key in the data)"
    if isinstance(error, jinja2.TemplateError | luau.LuauValueError):
        return str(error)
    return f"{type(error).__name__}: {error}"


def _folder(env: jinja2.Environment) -> Path:
    assert isinstance(env.loader, jinja2.FileSystemLoader)
    return Path(env.loader.searchpath[0])


def _template_files(env: jinja2.Environment) -> set[str]:
    folder = _folder(env)
    return {str(folder / name) for name in env.list_templates()} | {
        str((folder / name).resolve()) for name in env.list_templates()
    }


def _template_frame(traceback: TracebackType | None, files: set[str]) -> tuple[Path, int] | None:
    """The innermost traceback entry inside a template: Jinja maps those to template lines."""
    found = None
    for frame_file, line in _frames(traceback):
        if frame_file in files:
            found = (Path(frame_file), line)
    return found


def _frames(traceback: TracebackType | None) -> Iterator[tuple[str, int]]:
    while traceback is not None:
        yield traceback.tb_frame.f_code.co_filename, traceback.tb_lineno
        traceback = traceback.tb_next
