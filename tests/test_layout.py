"""The pure core stays Beam-free, and the design card's top level exists."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wire_never_imports_beam():
    offenders = []
    for path in sorted((ROOT / "wire").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] == "apache_beam"]
    assert offenders == []


def test_top_level_layout():
    for name in ("setup.py", "pipelines", "transforms", "tests", "configs", "wire", "samples", "Makefile", "README.md"):
        assert (ROOT / name).exists(), name
