"""The kernel is a library: importing it must not import Django."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

KERNEL = Path(__file__).resolve().parents[1] / "kernel"


def test_kernel_sources_do_not_import_django() -> None:
    for path in KERNEL.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in {"django", "ninja"}, f"{path.name}: {name}"
                assert not name.startswith("brygga.") or name.startswith("brygga.impact.kernel")


def test_importing_the_kernel_loads_no_django() -> None:
    code = (
        "import sys, brygga.impact.kernel; print(any(m.startswith('django') for m in sys.modules))"
    )
    output = subprocess.run(  # noqa: S603 - this interpreter, a fixed string
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "False"
