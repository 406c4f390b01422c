"""Runs a training script with the framework's profiler switched on for a few steps, without editing the script.

    python -m tensorsight.profile_script train.py --lr 1e-3

`tensorsight run --profile` (and *Profile Training Script* in VS Code) launch scripts this way. The script runs
as __main__ with its own sys.argv. When it imports torch, torch.profiler records the steps after
TENSORSIGHT_PROFILE_WAIT (default 1) skipped and TENSORSIGHT_PROFILE_WARMUP (default 1) warm-up steps, for
TENSORSIGHT_PROFILE_ACTIVE (default 3) steps; a step ends when the script's optimizer steps. When it imports
tensorflow, Keras' TensorBoard callback profiles the same batches of the first Model.fit.

Traces go to $TENSORSIGHT_PROFILE_DIR, else <run folder>/profile, else ./tensorsight-profile; profile.json there
says what was recorded (steps seen, schedule, trace files), so the launcher needs no output parsing.
"""

import importlib.abc
import importlib.util
import json
import os
import runpy
import sys
import time
import traceback

STATUS_FILE = "profile.json"


def _count(name, default, minimum):
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        raise SystemExit("tensorsight.profile_script: %s must be a whole number, got %r" % (name, text))
    if value < minimum:
        raise SystemExit("tensorsight.profile_script: %s must be at least %d, got %d" % (name, minimum, value))
    return value


def schedule_from_env():
    """The steps to skip, to warm up over and to record, from TENSORSIGHT_PROFILE_WAIT/WARMUP/ACTIVE."""
    return {
        "wait": _count("TENSORSIGHT_PROFILE_WAIT", 1, 0),
        "warmup": _count("TENSORSIGHT_PROFILE_WARMUP", 1, 0),
        "active": _count("TENSORSIGHT_PROFILE_ACTIVE", 3, 1),
    }


def profile_dir():
    explicit = os.environ.get("TENSORSIGHT_PROFILE_DIR")
    if explicit:
        return os.path.abspath(explicit)
    run_dir = os.environ.get("TENSORSIGHT_RUN_DIR")
    return os.path.join(run_dir, "profile") if run_dir else os.path.abspath("tensorsight-profile")


class _AfterImport(importlib.abc.MetaPathFinder):
    """Calls `callback(module)` once the top-level module `name` has been imported, whoever imports it."""

    def __init__(self, name, callback):
        self.name = name
        self.callback = callback

    def find_spec(self, fullname, path, target=None):
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        # Only this loader instance's exec_module is wrapped: the module keeps its real loader (resources, get_data).
        loader, callback = spec.loader, self.callback
        original = loader.exec_module

        def exec_module(module):
            original(module)
            callback(module)

        loader.exec_module = exec_module
        return spec


def when_imported(name, callback):
    if name in sys.modules:
        callback(sys.modules[name])
    else:
        sys.meta_path.insert(0, _AfterImport(name, callback))


class _FailedSession:
    """A framework whose profiler could not be set up; profile.json says why."""

    def __init__(self, framework, error):
        self.framework = framework
        self.error = error

    def finish(self):
        pass

    def status(self):
        return {"framework": self.framework, "profiler": None, "steps": None, "recordedSteps": None, "traces": [], "error": self.error}


class Run:
    """The profiling of one script run: which profilers started, and what they wrote."""

    def __init__(self, schedule, out_dir):
        self.schedule = schedule
        self.out_dir = out_dir
        self.sessions = []

    def start_torch(self, torch):
        from tensorsight._torch_profiler import TorchSession

        self._start("torch", lambda: TorchSession(torch, self.schedule, self.out_dir))

    def start_tensorflow(self, tf):
        from tensorsight._keras_profiler import KerasSession

        self._start("tensorflow", lambda: KerasSession(tf, self.schedule, self.out_dir))

    def _start(self, framework, make):
        # This runs inside the script's `import torch`: a failure here must not become the script's ImportError.
        try:
            self.sessions.append(make())
        except Exception as error:
            self.sessions.append(_FailedSession(framework, "%s: %s" % (type(error).__name__, error)))
            print("tensorsight: could not profile %s: %s" % (framework, self.sessions[-1].error), file=sys.stderr)

    def finish(self, exit_status):
        for session in self.sessions:
            try:
                session.finish()
            except Exception as error:  # the script's own outcome matters more than a failed export
                session.error = "%s: %s" % (type(error).__name__, error)
        status = {
            "version": 1,
            "schedule": self.schedule,
            "endTime": time.time(),
            "scriptExit": exit_status,
            "sessions": [session.status() for session in self.sessions],
        }
        try:
            os.makedirs(self.out_dir, exist_ok=True)
            temporary = os.path.join(self.out_dir, STATUS_FILE + ".%d.tmp" % os.getpid())
            with open(temporary, "w", encoding="utf-8") as file:
                json.dump(status, file, indent=2)
            os.replace(temporary, os.path.join(self.out_dir, STATUS_FILE))
        except OSError as error:  # a full disk must not replace the script's own outcome
            print("tensorsight: could not write %s: %s" % (STATUS_FILE, error), file=sys.stderr)
        if not self.sessions:
            print("tensorsight: nothing profiled: the script imported neither torch nor tensorflow", file=sys.stderr)


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    script = os.path.abspath(argv[0])
    if not os.path.isfile(script):
        print("tensorsight.profile_script: cannot read %s: no such file" % argv[0], file=sys.stderr)
        return 2
    run = Run(schedule_from_env(), profile_dir())
    when_imported("torch", run.start_torch)
    when_imported("tensorflow", run.start_tensorflow)
    # As `python script.py` would have it: the script's folder first on sys.path, its arguments in sys.argv.
    sys.argv = [script] + list(argv[1:])
    sys.path[0] = os.path.dirname(script)
    exit_status = "exception"
    try:
        runpy.run_path(script, run_name="__main__")
        exit_status = 0
    except SystemExit as stop:
        exit_status = stop.code if isinstance(stop.code, int) or stop.code is None else 1
        raise
    except KeyboardInterrupt:
        exit_status = "interrupted"
        raise
    except Exception as error:
        exit_status = 1
        _print_script_traceback(error, script)
    finally:
        run.finish(exit_status)
    return exit_status


def _print_script_traceback(error, script):
    """The traceback `python script.py` would print: from the script's first frame on, without this wrapper's and
    runpy's (a SyntaxError, raised before any frame of the script, shows no frames, as Python shows it)."""
    tb = error.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != script:
        tb = tb.tb_next
    traceback.print_exception(type(error), error, tb)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
