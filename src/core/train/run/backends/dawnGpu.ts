// WebGPU in Node through Dawn's binding (the `webgpu` package, a native dawn.node per platform): it is never
// bundled (esbuild cannot inline a native addon), so it is resolved at run time: from the copy staged beside the
// trainer in a packaged extension (dist/webgpu, scripts/stageTrainerRuntime.mjs), from the extension's
// node_modules, then from the search folders. Node has no `navigator`, so the GPU object is installed as
// navigator.gpu with Dawn's GPU* classes as globals, which is what tfjs-backend-webgpu looks for.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolveFrom } from './resolveFrom';

/** A reason the webgpu rung did not load, with where `webgpu` was found if it was. */
export class DawnUnavailableError extends Error {
  constructor(message: string, readonly resolvedFrom: string | null) {
    super(message);
    this.name = 'DawnUnavailableError';
  }
}

interface DawnModule {
  create(flags: string[]): GpuLike;
  globals: Record<string, unknown>;
}
interface AdapterInfoLike { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean }
interface AdapterLike { info?: AdapterInfoLike; isFallbackAdapter?: boolean }
interface GpuLike { requestAdapter(options?: object): Promise<AdapterLike | null> }

/** Where the `webgpu` package's entry is, or undefined when it is nowhere. */
export function findDawn(searchDirs: readonly string[]): string | undefined {
  // A packaged extension's copy holds one platform's binary; one staged for another platform is passed over.
  const staged = path.join(__dirname, '..', 'webgpu');
  const platform = process.platform === 'darwin' ? 'darwin-universal' : `${process.platform}-${process.arch}`;
  if (existsSync(path.join(staged, 'dist', platform, 'dawn.node'))) return path.join(staged, 'index.js');
  return resolveFrom('webgpu', [__dirname, ...searchDirs]);
}

/** Lines Dawn and the Vulkan loader print on stderr that say nothing to the user (limits Dawn lowers on every adapter). */
export function isDawnNoise(line: string): boolean {
  return /^Warning: max\w+ artificially reduced/.test(line) || /XDG_RUNTIME_DIR/.test(line);
}

/**
 * Loads Dawn, finds an adapter and installs navigator.gpu; returns the adapter in words. Throws
 * DawnUnavailableError with Dawn's own reason when the package is missing, fails to load, or finds no adapter.
 */
export async function startDawn(searchDirs: readonly string[]): Promise<{ device: string; resolvedFrom: string }> {
  const entry = findDawn(searchDirs);
  if (entry === undefined) throw new DawnUnavailableError(`the webgpu package (Dawn) is not installed (looked beside the trainer and in ${searchDirs.join(', ') || 'no folder'})`, null);
  ensureRuntimeDir();
  let dawn: DawnModule;
  try {
    dawn = (await import(pathToFileURL(entry).href)) as DawnModule;
  } catch (error) {
    throw new DawnUnavailableError(`Dawn (${entry}) failed to load: ${(error as Error).message.split('\n')[0]}`, entry);
  }
  const gpu = dawn.create([]);
  const adapter = await gpu.requestAdapter();
  if (adapter === null) throw new DawnUnavailableError(`Dawn found no GPU adapter${adapterProblem(entry)}`, entry);
  Object.assign(globalThis, dawn.globals);
  Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  return { device: describeAdapter(adapter), resolvedFrom: entry };
}

/** "llvmpipe: Mesa 25.0.7 … (LLVM 15.0.6) 0.0.1 (software rendering on the CPU)", "NVIDIA GeForce …" and the like. */
export function describeAdapter(adapter: AdapterLike): string {
  const info = adapter.info ?? {};
  const name = info.description || [info.vendor, info.architecture, info.device].filter(Boolean).join(' ') || 'an unnamed adapter';
  const software = info.architecture === 'software' || info.isFallbackAdapter === true || adapter.isFallbackAdapter === true;
  return software ? `${name} (software rendering on the CPU)` : name;
}

/**
 * Dawn prints why it found no adapter (no Vulkan driver, a driver it rejects) on the process's stderr, out of
 * reach of this process: ask again in a short child and quote what it printed.
 */
function adapterProblem(entry: string): string {
  const probe = `import(${JSON.stringify(pathToFileURL(entry).href)}).then(async (m) => { const a = await m.create([]).requestAdapter(); process.exit(a ? 0 : 3); })`;
  const result = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  const lines = (result.stderr ?? '').split('\n').map((line) => line.trim()).filter((line) => line && !isDawnNoise(line) && !line.startsWith('at '))
    .map((line) => line.replace(/^(Warning|Error): /, ''));
  return lines.length > 0 ? `: ${lines.slice(0, 3).join('; ')}` : ' (no Vulkan, Metal or D3D12 driver that Dawn accepts)';
}

/** Mesa and Dawn complain on stderr ("XDG_RUNTIME_DIR is invalid or not set") without a runtime folder: give this process a private one. */
function ensureRuntimeDir(): void {
  if (process.env.XDG_RUNTIME_DIR && existsSync(process.env.XDG_RUNTIME_DIR)) return;
  const dir = mkdtempSync(path.join(tmpdir(), 'tensorsight-xdg-'));
  process.env.XDG_RUNTIME_DIR = dir;
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
}
