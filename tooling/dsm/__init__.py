"""dsm: the DataStore Manager Pro toolchain."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("datastore-manager-pro")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
