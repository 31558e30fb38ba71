"""The DataStoreService emulator: Roblox's data store semantics over SQLite, on the runtime's virtual clock.

``catalogue.toml`` holds the limits and the error catalogue; ``catalogue.py`` reads it.
"""
