// Emscripten modules bind console.log and console.error when they are instantiated (h5wasm passes no `print`
// or `printErr`), and write HDF5 diagnostics and "Aborted(native code called abort())" there. Loading such a
// module through `loadCapturingOutput` binds it to a sink instead, so none of its text reaches the user's
// terminal or log; a reader says what went wrong in a FormatError, from the error the call threw.

type Print = (...args: unknown[]) => void;

/**
 * Runs `load` (which instantiates the module) with console.log/error/warn routed through functions the module
 * binds; once `load` settles, those functions pass the module's text to `sink` and the console is restored.
 * Other code that logs while the module loads still reaches the console.
 */
export async function loadCapturingOutput<T>(load: () => Promise<T>, sink: (text: string) => void): Promise<T> {
  const original = { log: console.log, error: console.error, warn: console.warn };
  let loaded = false;
  const route = (fallback: Print): Print => (...args) => {
    if (loaded) sink(args.map(String).join(' '));
    else fallback.apply(console, args);
  };
  console.log = route(original.log);
  console.error = route(original.error);
  console.warn = route(original.warn);
  try {
    return await load();
  } finally {
    loaded = true;
    Object.assign(console, original);
  }
}

/** A failure inside WebAssembly code: abort() (HDF5 gave up) or a trap (out-of-bounds access, unreachable). */
export function isWasmFailure(error: unknown): boolean {
  return error instanceof Error && (error.name === 'RuntimeError' || /^Aborted\(/.test(error.message));
}

/** A wasm failure said in words, without Emscripten's own text. */
export function describeWasmFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /^Aborted\(/.test(message) ? 'native abort' : `WebAssembly trap: ${message.split('\n')[0]}`;
}
