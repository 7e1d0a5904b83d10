"""Finding a Python that has torch. `python3` on PATH may be a pyenv or venv interpreter without
it while the system one has it (Debian's python3-torch), so the trainer re-runs itself with the
first such interpreter. Standard library only."""

from __future__ import annotations

import os
import sys

OTHER_INTERPRETERS = ("/usr/bin/python3", "/usr/local/bin/python3")
TRIED_ENV = "JARS_TORCH_TRIED"
INSTALL_HINT = "install it with `pip install torch` (or `apt-get install python3-torch` for Debian's /usr/bin/python3)"


def torch_importable() -> str | None:
    """None when torch and numpy import here, else the import error's text."""
    try:
        import numpy  # noqa: F401
        import torch  # noqa: F401
    except ImportError as error:
        return str(error)
    return None


def ensure_torch(script: str) -> None:
    """Returns when torch imports in this interpreter; else execs the script with the next
    untried interpreter (the env var records those tried, so a chain cannot loop), else exits 2."""
    problem = torch_importable()
    if problem is None:
        return
    here = os.path.realpath(sys.executable) if sys.executable else ""
    tried = [p for p in os.environ.get(TRIED_ENV, "").split(os.pathsep) if p] + ([here] if here else [])
    for candidate in OTHER_INTERPRETERS:
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK) and os.path.realpath(candidate) not in tried:
            print(f"train.py: {sys.executable or 'this python'} cannot import torch ({problem}); re-running with {candidate}", file=sys.stderr, flush=True)
            env = dict(os.environ, **{TRIED_ENV: os.pathsep.join(tried)})
            os.execve(candidate, [candidate, os.path.abspath(script), *sys.argv[1:]], env)
    print(f"error: torch is not importable by {', '.join(tried) or 'python'} ({problem}); {INSTALL_HINT}", file=sys.stderr, flush=True)
    sys.exit(2)
