"""`make run PORT=8001` serves on another port; a port that is not a number is refused before
anything starts."""

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_make_run_passes_the_port_on():
    dry = subprocess.run(  # noqa: S603 - fixed arguments
        [shutil.which("make"), "-n", "run", "PORT=8123"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "PORT=8123 scripts/run.sh" in dry.stdout


def test_run_refuses_a_port_that_is_not_a_number_before_starting_anything(tmp_path):
    env = {**os.environ, "PORT": "80; rm -rf /"}
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [shutil.which("bash"), str(ROOT / "scripts" / "run.sh")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert "PORT must be a number" in result.stderr
    assert "Celery worker" not in result.stdout
