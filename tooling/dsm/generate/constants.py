"""``constants.toml``: the plugin's fixed values, checked where the plugin relies on their shape.

``pluginId``, ``pluginName`` and the ordered ``[[views]]`` list are checked here (ids are
unique camelCase names, titles and descriptions one line); every other table passes through
as written, so adding a constant needs only the data file and the template.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from dsm.generate.datafile import Table, read_toml

_VIEW_ID = re.compile(r"^[a-z][A-Za-z0-9]*$")


def load(path: Path) -> dict[str, Any]:
    """The file's tables, with the checked entries normalised."""
    top = Table(read_toml(path), "", path)
    constants = dict(top.data)
    constants["pluginId"] = top.text("pluginId")
    constants["pluginName"] = top.text("pluginName")
    constants["views"] = _views(top)
    return constants


def _views(top: Table) -> list[dict[str, str]]:
    views: list[dict[str, str]] = []
    seen_ids: set[str] = set()
    seen_titles: set[str] = set()
    for view in top.tables("views"):
        view.only(["id", "title", "description"])
        view_id, title, description = view.text("id"), view.text("title"), view.text("description")
        if not _VIEW_ID.match(view_id):
            raise view.fail(f'{view.key("id")} "{view_id}" must be a camelCase name (letters and digits)')
        if view_id in seen_ids:
            raise view.fail(f'{view.key("id")} "{view_id}" is used by an earlier view; ids must be unique')
        if title in seen_titles:
            raise view.fail(f'{view.key("title")} "{title}" is used by an earlier view; titles must be unique')
        seen_ids.add(view_id)
        seen_titles.add(title)
        views.append({"id": view_id, "title": title, "description": description})
    return views
