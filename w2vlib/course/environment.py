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


# ----- outputs that reproduce on other CPUs -----------------------------------------------------------------------
# NumPy picks SIMD code paths at run time; on a CPU with AVX-512 the stored outputs come from those paths. Switching
# them off (NumPy's own NPY_DISABLE_CPU_FEATURES, and OpenBLAS's Haswell kernels) gives the code paths of an
# AVX2-only CPU, such as most students' laptops, on the same machine.
AVX512_DISPATCH_NAMES = ("X86_V4", "AVX512_ICL", "AVX512_SPR")
OPENBLAS_CORE_WITHOUT_AVX512 = "Haswell"


def avx512_off_variables(machine: str | None = None, dispatch: list[str] | None = None,
                         features: dict[str, bool] | None = None) -> dict[str, str]:
    """Environment variables that switch NumPy's AVX-512 paths off, or {} where this CPU has none to switch off.

    ``machine``, ``dispatch`` and ``features`` default to this machine's ``platform.machine()`` and NumPy's
    ``__cpu_dispatch__`` (the optional code paths this NumPy build has) and ``__cpu_features__`` (what this CPU
    supports). NumPy refuses to start when asked to disable a name its build does not dispatch (say, on ARM), so
    only dispatched names are listed, and nothing at all on a CPU that lacks every one of them.
    """
    if machine is None:
        machine = platform.machine()
    if machine.lower() not in {"x86_64", "amd64"}:
        return {}
    if dispatch is None or features is None:
        try:
            from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__
        except ImportError:  # NumPy 1.x
            from numpy.core._multiarray_umath import __cpu_dispatch__, __cpu_features__
        dispatch = list(__cpu_dispatch__) if dispatch is None else dispatch
        features = dict(__cpu_features__) if features is None else features
    names = [name for name in AVX512_DISPATCH_NAMES if name in dispatch]
    if not any(features.get(name, False) for name in names):
        return {}
    return {"NPY_DISABLE_CPU_FEATURES": ",".join(names), "OPENBLAS_CORETYPE": OPENBLAS_CORE_WITHOUT_AVX512}


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m w2vlib.course.environment",
                                     description="Print the environment check, or variables for the nbval pass.")
    parser.add_argument("--avx512-off", action="store_true",
                        help="print NAME=VALUE words (for `env`) that switch NumPy's AVX-512 paths off; "
                             "nothing if this CPU has none")
    args = parser.parse_args(argv)
    if args.avx512_off:
        print(" ".join(f"{name}={value}" for name, value in avx512_off_variables().items()))
    else:
        print(environment_report())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
