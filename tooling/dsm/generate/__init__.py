"""``dsm generate``: Luau modules rendered from Jinja2 templates and data files.

The plugin's theme tokens and constants live in data files (``plugin/data/*.toml``), the
DataStore limits and errors in the emulator's catalogue, the version in pyproject.toml;
templates (``plugin/templates/*.j2``) turn them into ``plugin/src/Shared/Generated/*.luau``.
``plan`` renders and compares without writing; ``apply`` writes what changed.
"""

from __future__ import annotations

from dsm.generate.outputs import Output, apply, diff, plan
from dsm.generate.settings import Settings, from_config

__all__ = ["Output", "Settings", "apply", "diff", "from_config", "plan"]
