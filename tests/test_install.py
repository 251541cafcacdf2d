"""`pip install .` in a fresh venv, with the pip it ships, gives a newsdex whose HTML
reader works: every runtime import is a declared dependency (scripts/check-install.sh)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from conftest import ROOT


@pytest.mark.slow
def test_a_fresh_venv_install_reads_html():
    python = shutil.which("python3") or sys.executable
    done = subprocess.run(["sh", str(ROOT / "scripts" / "check-install.sh"), python],
                          capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    assert "html reader ok in a fresh venv: Harbour reopens" in done.stdout
