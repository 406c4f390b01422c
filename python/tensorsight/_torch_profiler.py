"""torch's half of tensorsight.profile_script: a training step ends when the script's optimizer steps, and the
profiler records the steps of the schedule.

torch.profiler.profile runs the wait/warmup/active schedule. It works with Kineto (pip and conda builds) and
without it (Debian's python3-torch 1.13, CPU only, which then writes the bare-array "CPU functions" trace, with
no stacks, shapes or memory events in it). Where torch.profiler is missing or fails to start (or
TENSORSIGHT_PROFILE_PROFILER=autograd asks for it), the autograd profiler records the active steps instead,
each inside a `ProfilerStep#N` range as torch.profiler's are (N: the steps before it; torch.profiler's own
numbering runs one lower after the first step).
"""

import functools
import os
import socket
import sys
import time
import weakref


def _trace_path(out_dir):
    # tensorboard_trace_handler's naming: <host>_<pid>.<milliseconds>.pt.trace.json
    os.makedirs(out_dir, exist_ok=True)
    name = "%s_%d.%d.pt.trace.json" % (socket.gethostname(), os.getpid(), int(time.time() * 1000))
    return os.path.join(out_dir, name)


class StepCounter:
    """Calls `on_step()` after each step of the script's first optimizer to step (one per training step, also
    when a GAN steps two), outside every profiler range that step opened.

    torch.optim.Optimizer.register_step_post_hook (torch >= 2.0) would run the hook inside the step's
    `Optimizer.step#...` range, so ending a ProfilerStep there would cut that range; and torch 1.13 has no such
    hook. So Optimizer.__init__ is wrapped to wrap each optimizer class's step once, outermost: torch's own
    profiling wrapper is installed in __init__ first, and functools.wraps copies its `hooked` mark onto ours,
    so torch does not wrap again. LR schedulers created later wrap the wrapped step and still reach it.
    """

    def __init__(self, torch, on_step):
        self.on_step = on_step
        self.steps = 0
        self.optimizer = None
        self._primary = None
        self._depth = 0
        optimizer_class = torch.optim.Optimizer
        original_init = optimizer_class.__init__
        counter = self

        @functools.wraps(original_init)
        def init(optimizer, *args, **kwargs):
            original_init(optimizer, *args, **kwargs)
            counter._wrap_step(type(optimizer))

        optimizer_class.__init__ = init

    def _wrap_step(self, cls):
        step = cls.step
        if getattr(step, "_tensorsight_step", False):
            return
        counter = self

        @functools.wraps(step)
        def wrapper(optimizer, *args, **kwargs):
            counter._depth += 1
            try:
                result = step(optimizer, *args, **kwargs)
            finally:
                counter._depth -= 1
            # A subclass's step calling super().step() reaches here twice; only the outermost call counts.
            if counter._depth == 0:
                counter._stepped(optimizer)
            return result

        wrapper._tensorsight_step = True
        cls.step = wrapper

    def _stepped(self, optimizer):
        if self._primary is None:
            self._primary = weakref.ref(optimizer)
            self.optimizer = type(optimizer).__name__
        if self._primary() is not optimizer:
            return
        self.steps += 1
        self.on_step(self.steps)


class TorchSession:
    """Profiles the schedule's steps of a torch script; writes one trace when the active steps are done, or a
    shorter one when the script ends during them."""

    def __init__(self, torch, schedule, out_dir):
        self.torch = torch
        self.schedule = schedule
        self.out_dir = out_dir
        self.traces = []
        self.error = None
        self.recorded_steps = 0
        self.done = False
        self.first_step = schedule["wait"] + schedule["warmup"]
        self.kineto = bool(getattr(torch.autograd, "kineto_available", lambda: False)())
        self.recording = None
        self.step_range = None
        self.counter = StepCounter(torch, self._step)
        self.scheduled = os.environ.get("TENSORSIGHT_PROFILE_PROFILER", "").strip() != "autograd"
        if self.scheduled:
            try:
                self._start_scheduled()
            except Exception as error:
                print("tensorsight: torch.profiler did not start (%s: %s); using the autograd profiler" % (type(error).__name__, error), file=sys.stderr)
                self.scheduled = False
        self.profiler_name = "torch.profiler" if self.scheduled else "torch.autograd.profiler"
        if not self.scheduled and self.first_step == 0:
            self._autograd_begin_step(0)

    # torch.profiler.profile runs the wait/warmup/active schedule on prof.step().
    def _start_scheduled(self):
        profiler = self.torch.profiler
        self.prof = profiler.profile(
            activities=list(profiler.supported_activities()),
            schedule=profiler.schedule(wait=self.schedule["wait"], warmup=self.schedule["warmup"], active=self.schedule["active"], repeat=1),
            on_trace_ready=self._export,
            record_shapes=True,
            profile_memory=True,
            with_stack=True,
        )
        self.prof.start()

    def _export(self, prof):
        if self.recorded_steps == 0:
            return  # the script ended before a whole profiled step: a trace of its exit would only mislead
        path = _trace_path(self.out_dir)
        prof.export_chrome_trace(path)
        self.traces.append(os.path.basename(path))
        print("tensorsight: profiler trace written to %s" % path, file=sys.stderr)

    def _step(self, steps):
        if self.done:
            return
        try:
            self._advance(steps)
        except Exception as error:
            # Profiling must never end the user's training: it stops here, and profile.json says why.
            self.done = True
            self.error = "%s: %s" % (type(error).__name__, error)
            print("tensorsight: profiling stopped at step %d: %s" % (steps, self.error), file=sys.stderr)

    def _advance(self, steps):
        if self.scheduled:
            # Counted before prof.step(), which writes the trace at the last active step.
            if self.first_step < steps <= self.first_step + self.schedule["active"]:
                self.recorded_steps += 1
            self.prof.step()
            if steps >= self.first_step + self.schedule["active"]:
                self.done = True
                self.prof.stop()
            return
        # Autograd profiler: step `steps` just ended; ProfilerStep#k is the step after k completed ones, as in torch.profiler.
        if self.recording is not None:
            self.step_range.__exit__(None, None, None)
            self.recorded_steps += 1
            if steps >= self.first_step + self.schedule["active"]:
                self._autograd_stop()
                return
        if self.recording is not None or steps == self.first_step:
            self._autograd_begin_step(steps)

    def _autograd_begin_step(self, index):
        if self.recording is None:
            self.recording = self.torch.autograd.profiler.profile(record_shapes=True, profile_memory=True, with_stack=True)
            self.recording.__enter__()
        self.step_range = self.torch.autograd.profiler.record_function("ProfilerStep#%d" % index)
        self.step_range.__enter__()

    def _autograd_stop(self):
        self.done = True
        recording, self.recording = self.recording, None
        recording.__exit__(None, None, None)
        self._export(recording)

    def finish(self):
        """The script ended: a recording under way is cut short and written."""
        if self.done:
            return
        if self.scheduled:
            self.done = True
            self.prof.stop()
            # The step the script was in when it ended was recorded too, but not as a whole step.
        elif self.recording is not None:
            self.step_range.__exit__(None, None, None)
            self._autograd_stop()
        self.done = True

    def status(self):
        return {
            "framework": "torch",
            "version": getattr(self.torch, "__version__", None),
            "profiler": self.profiler_name,
            "kineto": self.kineto,
            "optimizer": self.counter.optimizer,
            "steps": self.counter.steps,
            "recordedSteps": self.recorded_steps,
            "traces": list(self.traces),
            "error": self.error,
        }
