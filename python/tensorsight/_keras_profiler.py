"""TensorFlow's half of tensorsight.profile_script: the first Model.fit gets Keras' TensorBoard callback with
profile_batch set to the schedule's active batches, and a counter of the batches trained.

TensorFlow is not installed where Tensorsight is tested, so this path is kept small and untested there; the
torch path is the tested one. The profiler writes <profile dir>/plugins/profile/<run>/<host>.xplane.pb, and,
in TensorFlow releases that still do, <host>.trace.json.gz, which the trace viewer opens.
"""

import functools
import glob
import os


class KerasSession:
    """Adds the profiling callback to the first fit; batches are counted from 1 as the callback counts them."""

    def __init__(self, tf, schedule, out_dir):
        self.schedule = schedule
        self.out_dir = out_dir
        self.error = None
        self.batches = 0
        self.used = False
        self.version = getattr(tf, "__version__", None)
        keras = tf.keras
        first = schedule["wait"] + schedule["warmup"] + 1
        self.batch_range = (first, first + schedule["active"] - 1)
        original_fit = keras.Model.fit
        session = self

        def count(batch, logs=None):
            session.batches += 1

        @functools.wraps(original_fit)
        def fit(model, *args, **kwargs):
            # Only a keyword `callbacks` is extended: fit's positional order differs between Keras releases.
            if not session.used and len(args) < 6:
                session.used = True
                callbacks = list(kwargs.get("callbacks") or [])
                callbacks.append(keras.callbacks.TensorBoard(log_dir=out_dir, profile_batch=session.batch_range, histogram_freq=0))
                callbacks.append(keras.callbacks.LambdaCallback(on_train_batch_end=count))
                kwargs["callbacks"] = callbacks
            return original_fit(model, *args, **kwargs)

        keras.Model.fit = fit

    def finish(self):
        pass

    def traces(self):
        found = glob.glob(os.path.join(self.out_dir, "plugins", "profile", "*", "*.trace.json.gz"))
        return sorted(os.path.relpath(path, self.out_dir) for path in found)

    def status(self):
        traces = self.traces()
        return {
            "framework": "tensorflow",
            "version": self.version,
            "profiler": "keras.callbacks.TensorBoard",
            "steps": self.batches,
            "recordedSteps": max(0, min(self.batches, self.batch_range[1]) - self.batch_range[0] + 1),
            "traces": traces,
            "xplane": sorted(os.path.relpath(path, self.out_dir) for path in glob.glob(os.path.join(self.out_dir, "plugins", "profile", "*", "*.xplane.pb"))),
            "error": self.error,
        }
