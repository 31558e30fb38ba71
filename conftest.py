"""Lets plain `pytest` run the Luau specs beside the Python tests."""

pytest_plugins = ["dsm.runtime.pytest_plugin"]
