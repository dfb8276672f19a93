"""The stubs hold: `mypy --strict` accepts the package and its examples."""

from __future__ import annotations

import pathlib
import subprocess
import sys

import pytest

from test_batch import optional

PYTHON_DIR = pathlib.Path(__file__).resolve().parents[1]


def test_mypy_strict_accepts_the_package_and_the_examples() -> None:
    optional("mypy")
    done = subprocess.run([sys.executable, "-m", "mypy"], cwd=PYTHON_DIR,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_stubs_name_every_native_function() -> None:
    import massage_rules._native as native

    stub = (PYTHON_DIR / "massage_rules" / "_native.pyi").read_text()
    public = [n for n in dir(native) if not n.startswith("_")]
    missing = [n for n in public if f"def {n}(" not in stub and f"class {n}" not in stub]
    assert not missing, missing


def test_the_examples_run(tmp_path: pathlib.Path) -> None:
    optional("matplotlib")
    for script, args in [("quickstart.py", []), ("compare_variants.py", ["2000", str(tmp_path / "c.png")])]:
        done = subprocess.run([sys.executable, str(PYTHON_DIR / "examples" / script), *args],
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "c.png").stat().st_size > 1000


if __name__ == "__main__":  # pragma: no cover
    pytest.main([__file__])


def test_dir_lists_the_package_and_all_is_exact() -> None:
    import massage_rules as mr

    assert dir(mr) == sorted(mr.__all__)
    for name in mr.__all__:
        assert hasattr(mr, name), name
    # Nothing the package imports for itself is offered as its own.
    for helper in ("Any", "Dict", "json", "annotations", "Optional"):
        assert helper not in dir(mr)


def test_the_readme_tables_list_exactly_what_the_package_exports() -> None:
    import pathlib
    import re

    import massage_rules as mr

    readme = (pathlib.Path(__file__).resolve().parents[1] / "README.md").read_text()
    listed = set(re.findall(r"^\| `([A-Za-z_]+)` \|", readme, flags=re.M))
    exported = set(mr.__all__) - {"__version__"}
    assert listed == exported, (sorted(exported - listed), sorted(listed - exported))
