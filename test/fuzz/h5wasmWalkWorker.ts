// Worker entry for the watchdog test: walks an HDF5 file with h5wasm alone (every group, dataset and
// attribute), without Tensorsight's pre-checks, so a file that makes HDF5 itself spin really spins here.
import { parentPort, workerData } from 'node:worker_threads';

type Walkable = { keys?: () => string[]; get?: (name: string) => unknown; attrs?: Record<string, { json_value: unknown }> };

async function walk(path: string): Promise<{ ok: true; objects: number }> {
  const h5wasm = await import('h5wasm/node');
  await h5wasm.ready;
  const file = new h5wasm.File(path, 'r');
  let objects = 0;
  const visit = (entity: Walkable) => {
    objects++;
    for (const attr of Object.values(entity.attrs ?? {})) void attr.json_value;
    for (const name of entity.keys?.() ?? []) visit(entity.get!(name) as Walkable);
  };
  visit(file as unknown as Walkable);
  file.close();
  return { ok: true, objects };
}

if (parentPort) {
  const port = parentPort;
  void walk((workerData as { path: string }).path).then((result) => port.postMessage(result));
}
