"""Which packages the series needs, which versions are installed, and whether they are recent enough."""
from __future__ import annotations

import platform
from dataclasses import dataclass
from importlib import metadata

from packaging.requirements import Requirement
from packaging.version import Version


@dataclass(frozen=True)
class PackageStatus:
    name: str
    required: str
    installed: str | None

    @property
    def ok(self) -> bool:
        return self.installed is not None and Version(self.installed) in Requirement(f"{self.name}{self.required}").specifier


def required_packages(extras: tuple[str, ...] = ("dev",)) -> list[Requirement]:
    """w2vlib's declared requirements (pyproject.toml, as installed), with those of the given extras."""
    requirements = []
    for line in metadata.requires("w2vlib") or []:
        requirement = Requirement(line)
        if requirement.marker is None or any(requirement.marker.evaluate({"extra": e}) for e in extras):
            if requirement.name != "w2vlib":
                requirements.append(requirement)
    return requirements


def check_environment() -> list[PackageStatus]:
    """One status per required package (runtime and dev extras), in the order pyproject.toml lists them."""
    statuses = []
    for requirement in required_packages():
        try:
            installed = metadata.version(requirement.name)
        except metadata.PackageNotFoundError:
            installed = None
        statuses.append(PackageStatus(requirement.name, str(requirement.specifier), installed))
    return statuses


def environment_report() -> str:
    """A table of Python and every required package: required version, installed version, OK or a fix."""
    rows = [f"{'python':14s} {'>=3.10':10s} {platform.python_version():12s} ok"]
    for status in check_environment():
        verdict = "ok" if status.ok else ("MISSING: run `make lab` or `make test`" if status.installed is None else "TOO OLD")
        rows.append(f"{status.name:14s} {status.required:10s} {status.installed or '-':12s} {verdict}")
    return "\n".join([f"{'package':14s} {'required':10s} {'installed':12s} status", *rows])


def environment_verdict() -> str:
    """One line: are all required packages present and recent enough? Stable across machines when they are."""
    statuses = check_environment()
    bad = [s.name for s in statuses if not s.ok]
    if bad:
        return f"✗ {len(bad)} package(s) missing or too old: {', '.join(bad)}. Run `make lab` from the repository root."
    return f"✓ all {len(statuses)} required packages are installed and recent enough."
