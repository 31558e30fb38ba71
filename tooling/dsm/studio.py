"""Where Roblox Studio looks for local plugins on this machine.

Studio loads every ``.rbxm``/``.rbxmx``/``.lua`` file in its local Plugins folder:

- Windows: ``%LOCALAPPDATA%\\Roblox\\Plugins``;
- macOS: ``~/Documents/Roblox/Plugins``;
- WSL: the Windows user's folder, ``/mnt/c/Users/<name>/AppData/Local/Roblox/Plugins``.

These are the paths Rojo and Argon use (the ``roblox-install`` crate). The folder only exists
once Studio's "Plugins Folder" button was used, so it is created when missing, as ``rojo plugin
install`` does. ``--plugins-dir`` or ``ROBLOX_PLUGINS_DIR`` override the detection; plain Linux
has no Studio, so there the override is required.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path, PurePosixPath, PureWindowsPath

from dsm.errors import DsmError, UsageError

PLUGINS_DIR_VARIABLE = "ROBLOX_PLUGINS_DIR"

# Where a WSL distribution mounts the Windows system drive unless /etc/wsl.conf moves it.
_WSL_SYSTEM_DRIVE = Path("/mnt/c")
# Folders under C:\Users that belong to no person.
_SHARED_PROFILES = frozenset({"all users", "default", "default user", "public", "wsiaccount"})


def plugins_dir(override: Path | None = None, *, create: bool = True) -> Path:
    """Studio's local Plugins folder: ``override``, else $ROBLOX_PLUGINS_DIR, else detected.

    With ``create`` the folder (and its parents) is made when missing.
    """
    folder = override or _from_environment(os.environ) or detect()
    if create:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DsmError(
                f"cannot create the Plugins folder ({error.strerror}); pass --plugins-dir with a folder you can write",
                path=folder,
            ) from None
    elif folder.exists() and not folder.is_dir():
        raise UsageError("the Plugins folder is a file; pass --plugins-dir with a folder", path=folder)
    return folder


def _from_environment(env: Mapping[str, str]) -> Path | None:
    value = env.get(PLUGINS_DIR_VARIABLE, "").strip()
    return Path(value).expanduser() if value else None


def detect() -> Path:
    """The Plugins folder for this operating system (no override, nothing created)."""
    system = platform.system()
    if system == "Windows":
        return _windows_local_appdata(os.environ) / "Roblox" / "Plugins"
    if system == "Darwin":
        return Path.home() / "Documents" / "Roblox" / "Plugins"
    if system == "Linux" and is_wsl():
        return wsl_local_appdata() / "Roblox" / "Plugins"
    raise UsageError(
        f"Roblox Studio does not run on {system or 'this system'}, so there is no Plugins folder to find; "
        f"pass --plugins-dir DIR or set {PLUGINS_DIR_VARIABLE} to the folder Studio loads plugins from"
    )


def _windows_local_appdata(env: Mapping[str, str]) -> Path:
    if local := env.get("LOCALAPPDATA"):
        return Path(local)
    if profile := env.get("USERPROFILE"):
        return Path(profile) / "AppData" / "Local"
    return Path.home() / "AppData" / "Local"


def is_wsl() -> bool:
    """True inside the Windows Subsystem for Linux (WSL 1 or 2)."""
    if os.environ.get("WSL_DISTRO_NAME"):
        return True
    try:
        release = Path("/proc/sys/kernel/osrelease").read_text(encoding="utf-8")
    except OSError:
        return False
    return "microsoft" in release.lower()


def wsl_local_appdata() -> Path:
    """The Windows user's LocalAppData folder as a WSL path.

    Asks Windows itself (``cmd.exe /c echo %LOCALAPPDATA%``, converted with ``wslpath``), which
    is right even when the Windows user name differs from the Linux one. When Windows programs
    cannot be started from WSL (interop off), the one profile under /mnt/c/Users that has a
    Roblox folder is taken; anything less certain is an error asking for --plugins-dir.
    """
    windows_path = _ask_windows_for_local_appdata()
    if windows_path is not None:
        return _to_wsl_path(windows_path)
    return _only_profile_with_roblox(_WSL_SYSTEM_DRIVE / "Users")


def _ask_windows_for_local_appdata() -> str | None:
    cmd = shutil.which("cmd.exe") or _existing(_WSL_SYSTEM_DRIVE / "Windows" / "System32" / "cmd.exe")
    if cmd is None:
        return None
    try:
        # Run from a Windows folder: cmd.exe warns about UNC paths when started in a Linux one.
        result = subprocess.run(
            [cmd, "/d", "/c", "echo %LOCALAPPDATA%"],
            cwd=_existing(_WSL_SYSTEM_DRIVE),
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    value = result.stdout.strip()
    # An unset variable echoes back as itself.
    if result.returncode != 0 or not value or "%" in value:
        return None
    return value


def _to_wsl_path(windows_path: str) -> Path:
    wslpath = shutil.which("wslpath")
    if wslpath is not None:
        try:
            result = subprocess.run(
                [wslpath, "-u", windows_path], capture_output=True, text=True, timeout=10, check=False
            )
        except (OSError, subprocess.TimeoutExpired):
            result = None
        if result is not None and result.returncode == 0 and result.stdout.strip():
            return Path(result.stdout.strip())
    return windows_to_mnt_path(windows_path)


def windows_to_mnt_path(windows_path: str) -> Path:
    """``C:\\Users\\Ann`` → ``/mnt/c/Users/Ann``: WSL's default automount layout."""
    pure = PureWindowsPath(windows_path)
    if not pure.drive or not pure.drive.endswith(":"):
        raise DsmError(
            f'Windows reported LocalAppData as "{windows_path}", which is not on a drive letter; '
            f"pass --plugins-dir DIR or set {PLUGINS_DIR_VARIABLE}"
        )
    return Path(PurePosixPath("/mnt", pure.drive[0].lower(), *pure.parts[1:]))


def _only_profile_with_roblox(users: Path) -> Path:
    candidates = []
    try:
        profiles = sorted(users.iterdir())
    except OSError:
        profiles = []
    for profile in profiles:
        local = profile / "AppData" / "Local"
        if profile.name.lower() not in _SHARED_PROFILES and (local / "Roblox").is_dir():
            candidates.append(local)
    if len(candidates) == 1:
        return candidates[0]
    found = "no Windows profile with a Roblox folder" if not candidates else "several Windows profiles with Roblox"
    raise UsageError(
        f"cannot tell which Windows user runs Studio from WSL ({found} under {users}, and cmd.exe did not answer); "
        f"pass --plugins-dir /mnt/c/Users/<you>/AppData/Local/Roblox/Plugins or set {PLUGINS_DIR_VARIABLE}"
    )


def _existing(path: Path) -> str | None:
    return str(path) if path.exists() else None
