"""Tensorsight's helper for training scripts: log metrics and hyperparameters to the run that launched you.

    import tensorsight
    tensorsight.hparams({"lr": 1e-3, "batch_size": 64})
    tensorsight.log(step, loss=loss.item(), accuracy=acc)

`tensorsight run` (and *Run Training Script* in VS Code) puts this folder on PYTHONPATH and names a file in
$TENSORSIGHT_METRICS_FILE; each call appends one JSON line there, which the launcher charts on the run's
timeline. Without that variable (the script run by hand) every call does nothing, so scripts can keep the
calls. No dependencies: values are converted with float(), so torch and numpy scalars work as they are.
"""

import json
import math
import os
import threading
import time

__all__ = ["log", "hparams", "enabled"]

_lock = threading.Lock()
_file = None
_opened_for = None
_next_step = 0


def enabled():
    """True when the script was launched by Tensorsight (the metrics file is named)."""
    return bool(os.environ.get("TENSORSIGHT_METRICS_FILE"))


def _write(record):
    global _file, _opened_for
    path = os.environ.get("TENSORSIGHT_METRICS_FILE")
    if not path:
        return False
    line = json.dumps(record, allow_nan=False, separators=(",", ":")) + "\n"
    with _lock:
        # A forked DataLoader worker inherits the parent's file object; reopening per pid keeps appends whole.
        if _file is None or _opened_for != (path, os.getpid()):
            _file = open(path, "a", buffering=1, encoding="utf-8")
            _opened_for = (path, os.getpid())
        _file.write(line)
        _file.flush()
    return True


def _number(name, value):
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise TypeError("tensorsight.log: %s must be a number (or a one-element tensor), got %r" % (name, value))
    # JSON has no NaN or infinity; strings keep them (the launcher reads them back as numbers).
    return number if math.isfinite(number) else repr(number)


def log(step=None, **metrics):
    """Records metrics at a global step; step=None takes the step after the last one logged."""
    global _next_step
    if not metrics:
        return
    if step is None:
        step = _next_step
    else:
        step = int(step)
    _next_step = step + 1
    if not enabled():
        return
    values = {name: _number(name, value) for name, value in metrics.items()}
    _write({"step": step, "wall_time": time.time(), "metrics": values})


def hparams(values):
    """Records the run's hyperparameters (numbers, strings and booleans; anything else as its str())."""
    if not enabled():
        return
    clean = {}
    for name, value in dict(values).items():
        if isinstance(value, (bool, str)):
            clean[str(name)] = value
        elif isinstance(value, (int, float)):
            clean[str(name)] = value if math.isfinite(value) else repr(value)
        else:
            try:
                clean[str(name)] = float(value)
            except (TypeError, ValueError):
                clean[str(name)] = str(value)
    _write({"hparams": clean, "wall_time": time.time()})
