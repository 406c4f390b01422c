// Set Up Environment: the build chosen for each driver/CUDA version read (with our parsers) from the real nvidia-smi
// captures, the commands run for it, and the verify step run for real against Debian's torch (CPU).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { checkNvidiaSmi } from '../../src/core/env/checkNvidiaSmi';
import { chooseWheelVariant, compareVersions, machineFacts, type MachineFacts, type SetupFramework } from '../../src/core/env/chooseWheelVariant';
import { parseCudaVersion, parseDriverVersion } from '../../src/core/env/parseNvidiaSmi';
import { setupSteps, shellLine, venvPython } from '../../src/core/env/setupSteps';
import { describeVerifyResult, parseVerifyOutput, verifiedCorrect, verifyFramework } from '../../src/core/env/verifyFramework';
import { VERIFY_MARKER } from '../../src/core/env/verifyScript';
import { parseNvidiaSmiXml } from '../../src/core/gpu/nvidiaSmiXml';

const fixtures = path.resolve(__dirname, '../fixtures/upstream/nvidia-smi');

/** Driver and CUDA version as our parsers read them from a capture: XML, or the text header of the table / -q. */
function machineFrom(file: string): MachineFacts {
  const text = readFileSync(path.join(fixtures, file), 'utf8');
  if (file.endsWith('.xml')) {
    const snapshot = parseNvidiaSmiXml(text, file);
    return { platform: 'linux', driverVersion: snapshot.driverVersion ?? undefined, cudaVersion: snapshot.cudaVersion ?? undefined };
  }
  return { platform: 'linux', driverVersion: parseDriverVersion(text), cudaVersion: parseCudaVersion(text) };
}

// Expected builds by the rules cited in chooseWheelVariant.ts: PyTorch's newest index whose CUDA the driver supports
// (11.x drivers older than 11.8: cu118 through minor-version compatibility; CUDA 10: CPU); TensorFlow's and-cuda
// from driver 525.60.13; JAX cuda13 from CUDA 13 and driver 580, cuda12 from driver 525.60.13.
const FIXTURE_TABLE: { file: string; driver: string; cuda: string; pytorch: string; tensorflow: string; jax: string }[] = [
  { file: 'xml/telegraf_quadro-p400.xml', driver: '418.43', cuda: '10.1', pytorch: 'cpu', tensorflow: 'cpu', jax: 'cpu' },
  { file: 'xml/datakit_gtx-1card.xml', driver: '460.39', cuda: '11.2', pytorch: 'cu118', tensorflow: 'cpu', jax: 'cpu' },
  { file: 'xml/telegraf_gt-1030.xml', driver: '470.74', cuda: '11.4', pytorch: 'cu118', tensorflow: 'cpu', jax: 'cpu' },
  { file: 'xml/datakit_gtx-1050-1.xml', driver: '515.65.01', cuda: '11.7', pytorch: 'cu118', tensorflow: 'cpu', jax: 'cpu' },
  { file: 'xml/telegraf_a10g.xml', driver: '515.105.01', cuda: '11.7', pytorch: 'cu118', tensorflow: 'cpu', jax: 'cpu' },
  { file: 'xml/telegraf_tesla-t4.xml', driver: '515.105.01', cuda: '11.7', pytorch: 'cu118', tensorflow: 'cpu', jax: 'cpu' },
  { file: 'xml/telegraf_quadro-p2000-v12.xml', driver: '525.125.06', cuda: '12.0', pytorch: 'cu118', tensorflow: 'and-cuda', jax: 'cuda12' },
  { file: 'xml/telegraf_rtx-3090-v12.xml', driver: '525.147.05', cuda: '12.0', pytorch: 'cu118', tensorflow: 'and-cuda', jax: 'cuda12' },
  { file: 'xml/telegraf_3090-v13.xml', driver: '590.44.01', cuda: '13.1', pytorch: 'cu130', tensorflow: 'and-cuda', jax: 'cuda13' },
  { file: 'xml/telegraf_dual_2080-v13.xml', driver: '590.44.01', cuda: '13.1', pytorch: 'cu130', tensorflow: 'and-cuda', jax: 'cuda13' },
  { file: 'xml/telegraf_rtx-3080-v13.xml', driver: '595.58.03', cuda: '13.2', pytorch: 'cu130', tensorflow: 'and-cuda', jax: 'cuda13' },
  { file: 'xml/telegraf_rtx-4000-sff-ada-v13.xml', driver: '595.84', cuda: '13.2', pytorch: 'cu130', tensorflow: 'and-cuda', jax: 'cuda13' },
  { file: 'text/h200_590.48.01_idle_q.txt', driver: '590.48.01', cuda: '13.1', pytorch: 'cu130', tensorflow: 'and-cuda', jax: 'cuda13' },
  { file: 'text/rtx-4080-super_595.71.05_load_default-table.txt', driver: '595.71.05', cuda: '13.2', pytorch: 'cu130', tensorflow: 'and-cuda', jax: 'cuda13' },
];

test('the build chosen for each captured driver: PyTorch index, TensorFlow package, JAX extra', () => {
  for (const row of FIXTURE_TABLE) {
    const machine = machineFrom(row.file);
    assert.deepEqual([machine.driverVersion, machine.cudaVersion], [row.driver, row.cuda], `${row.file}: driver and CUDA as the file holds them`);
    for (const framework of ['pytorch', 'tensorflow', 'jax'] as SetupFramework[]) {
      const variant = chooseWheelVariant(framework, machine);
      assert.equal(variant.variant, row[framework], `${row.file} ${framework}: ${variant.reasons.join(' ')}`);
      assert.equal(variant.gpu, variant.variant !== 'cpu', `${row.file} ${framework}`);
      assert.ok(variant.reasons.length > 0 && variant.reasons.every((reason) => reason.length > 20));
    }
  }
});

test('the pip lines: the index URL per PyTorch build, the extras of TensorFlow and JAX', () => {
  const h200 = machineFrom('text/h200_590.48.01_idle_q.txt');
  assert.deepEqual(chooseWheelVariant('pytorch', h200).pipArgs, ['install', 'torch', 'torchvision', '--index-url', 'https://download.pytorch.org/whl/cu130']);
  assert.deepEqual(chooseWheelVariant('tensorflow', h200).pipArgs, ['install', 'tensorflow[and-cuda]']);
  assert.deepEqual(chooseWheelVariant('jax', h200).pipArgs, ['install', '-U', 'jax[cuda13]']);
  const t4 = machineFrom('xml/telegraf_tesla-t4.xml');
  assert.deepEqual(chooseWheelVariant('tensorflow', t4).pipArgs, ['install', 'tensorflow-cpu']);
  assert.deepEqual(chooseWheelVariant('jax', t4).pipArgs, ['install', '-U', 'jax']);
  assert.match(chooseWheelVariant('pytorch', t4).reasons.join(' '), /minor-version compatibility/);
  assert.match(chooseWheelVariant('pytorch', machineFrom('xml/telegraf_quadro-p400.xml')).reasons.join(' '), /older than the oldest CUDA build of PyTorch \(11\.8\)/);
});

test('driver CUDA versions between the captured ones pick the indexes in between', () => {
  // Driver/CUDA pairs as nvidia-smi prints them for those driver branches.
  const cases: [string, string, string][] = [['530.30.02', '12.1', 'cu121'], ['535.104.05', '12.2', 'cu121'], ['550.54.14', '12.4', 'cu124'], ['560.35.03', '12.6', 'cu126'], ['570.86.10', '12.8', 'cu128'], ['575.51.03', '12.9', 'cu128'], ['580.65.06', '13.0', 'cu130']];
  for (const [driverVersion, cudaVersion, tag] of cases) {
    const variant = chooseWheelVariant('pytorch', { platform: 'linux', driverVersion, cudaVersion });
    assert.equal(variant.variant, tag, `${driverVersion} / CUDA ${cudaVersion}`);
    assert.equal(variant.pipArgs.at(-1), `https://download.pytorch.org/whl/${tag}`);
  }
  assert.match(chooseWheelVariant('pytorch', { platform: 'linux', driverVersion: '550.54.14', cudaVersion: '12.4' }).reasons.join(' '), /stopped at PyTorch 2\.6/);
});

test('no driver, macOS, native Windows and WSL', () => {
  const none: MachineFacts = { platform: 'linux' };
  assert.deepEqual(chooseWheelVariant('pytorch', none).pipArgs, ['install', 'torch', 'torchvision', '--index-url', 'https://download.pytorch.org/whl/cpu']);
  assert.equal(chooseWheelVariant('tensorflow', none).variant, 'cpu');
  assert.equal(chooseWheelVariant('jax', none).variant, 'cpu');
  const mac: MachineFacts = { platform: 'darwin' };
  assert.deepEqual(chooseWheelVariant('pytorch', mac).pipArgs, ['install', 'torch', 'torchvision']);
  assert.deepEqual(chooseWheelVariant('tensorflow', mac).pipArgs, ['install', 'tensorflow']);
  const windows: MachineFacts = { platform: 'win32', driverVersion: '595.71', cudaVersion: '13.2' };
  assert.equal(chooseWheelVariant('pytorch', windows).variant, 'cu130');
  assert.deepEqual(chooseWheelVariant('tensorflow', windows).pipArgs, ['install', 'tensorflow-cpu']);
  assert.equal(chooseWheelVariant('jax', windows).variant, 'cpu');
  // WSL: the Windows driver, with TensorFlow's higher minimum there.
  assert.equal(chooseWheelVariant('tensorflow', { platform: 'linux', wsl: true, driverVersion: '527.41', cudaVersion: '12.0' }).variant, 'cpu');
  assert.equal(chooseWheelVariant('tensorflow', { platform: 'linux', wsl: true, driverVersion: '528.33', cudaVersion: '12.0' }).variant, 'and-cuda');
  assert.deepEqual([compareVersions('525.60.13', '525.60.13'), compareVersions('525.125.06', '525.60.13'), compareVersions('580', '595.58.03')], [0, 1, -1]);
});

test('the steps: create the venv (only when it is not there), upgrade pip, install into it; or install into an interpreter', () => {
  const variant = chooseWheelVariant('pytorch', machineFrom('xml/telegraf_rtx-3090-v12.xml'));
  const fresh = setupSteps(variant, { kind: 'venv', basePython: '/usr/bin/python3', venvDir: '/ws/.venv', exists: false }, 'linux');
  assert.deepEqual(fresh.map(shellLine), [
    '/usr/bin/python3 -m venv /ws/.venv',
    '/ws/.venv/bin/python -m pip install --upgrade pip',
    '/ws/.venv/bin/python -m pip install torch torchvision --index-url https://download.pytorch.org/whl/cu118',
  ]);
  assert.equal(setupSteps(variant, { kind: 'venv', basePython: '/usr/bin/python3', venvDir: '/ws/.venv', exists: true }, 'linux').length, 2);
  const tf = setupSteps(chooseWheelVariant('tensorflow', machineFrom('xml/telegraf_rtx-3090-v12.xml')), { kind: 'interpreter', python: '/opt/my env/bin/python3' }, 'linux');
  assert.deepEqual(tf.map(shellLine), ["'/opt/my env/bin/python3' -m pip install --upgrade pip", "'/opt/my env/bin/python3' -m pip install 'tensorflow[and-cuda]'"]);
  assert.equal(venvPython('C:\\ws\\.venv', 'win32'), 'C:\\ws\\.venv\\Scripts\\python.exe');
  // On Windows the venv's interpreter is Scripts\python.exe, and pip runs with it.
  const onWindows = setupSteps(variant, { kind: 'venv', basePython: 'C:\\Python312\\python.exe', venvDir: 'C:\\ws\\.venv', exists: false }, 'win32');
  assert.deepEqual(onWindows.map((step) => [step.command, ...step.args.slice(0, 2)]), [
    ['C:\\Python312\\python.exe', '-m', 'venv'],
    ['C:\\ws\\.venv\\Scripts\\python.exe', '-m', 'pip'],
    ['C:\\ws\\.venv\\Scripts\\python.exe', '-m', 'pip'],
  ]);
});

test('the verify output: errors name what was wrong; a result is read field by field', () => {
  const line = (fields: Record<string, unknown>) => JSON.stringify({ marker: VERIFY_MARKER, framework: 'pytorch', python: '/p', ...fields });
  assert.match(describeVerifyResult(parseVerifyOutput('', 'pytorch', '/p', 'Traceback\nSegmentation fault\n')), /failed at output: no result line from the check: Traceback \| Segmentation fault/);
  assert.match(describeVerifyResult(parseVerifyOutput(`${line({ stage: 'import', error: "ModuleNotFoundError: No module named 'torch'" })}\n`, 'pytorch', '/p')), /PyTorch in \/p failed at import: ModuleNotFoundError/);
  const partial = parseVerifyOutput(line({ version: '2.5.1', cudaAvailable: true }), 'pytorch', '/p');
  assert.deepEqual(partial.ok ? [] : [partial.stage, partial.error], ['output', 'the result line lacks device, matmulMs, maxRelError']);
  const good = parseVerifyOutput(`banner\n${line({ version: '2.5.1', cudaBuild: '12.4', cudaAvailable: true, device: 'NVIDIA H200', n: 4096, matmulMs: 0.5, maxRelError: 1e-6 })}\n`, 'pytorch', '/p');
  assert.equal(describeVerifyResult(good), 'PyTorch 2.5.1 (CUDA 12.4 build) on NVIDIA H200: 4096×4096 matmul 0.5 ms (274878 GFLOP/s), result correct');
  const wrong = parseVerifyOutput(line({ version: '2.5.1', cudaAvailable: false, device: 'CPU', n: 512, matmulMs: 10, maxRelError: 0.5 }), 'pytorch', '/p');
  assert.equal(verifiedCorrect(wrong), false);
  assert.match(describeVerifyResult(wrong), /result WRONG \(relative error 5\.00e-1\)/);
});

const debian = '/usr/bin/python3';
const torchFacts = existsSync(debian) ? spawnSync(debian, ['-c', 'import json, torch; print(json.dumps([torch.__version__, torch.version.cuda, torch.cuda.is_available()]))'], { encoding: 'utf8', timeout: 120_000 }) : undefined;

test("verify against Debian's real torch: import, version, CUDA availability and a correct CPU matmul with its time", { skip: torchFacts === undefined ? `${debian} is absent` : torchFacts.status !== 0 ? `${debian} has no importable torch` : false }, async () => {
  const [version, cudaBuild, cudaAvailable] = JSON.parse(torchFacts?.stdout ?? '[]') as [string, string | null, boolean];
  const result = await verifyFramework(debian, 'pytorch', { timeoutMs: 120_000, cpuN: 256 });
  assert.ok(result.ok, describeVerifyResult(result));
  assert.deepEqual([result.version, result.cudaBuild, result.cudaAvailable], [version, cudaBuild, cudaAvailable]);
  assert.equal(result.device, cudaAvailable ? result.device : 'CPU');
  assert.equal(result.n, cudaAvailable ? 4096 : 256);
  assert.ok(result.matmulMs > 0, String(result.matmulMs));
  assert.ok(verifiedCorrect(result), describeVerifyResult(result));
  // A framework the interpreter lacks fails at import, with Python's own message.
  const jaxThere = spawnSync(debian, ['-c', 'import jax'], { encoding: 'utf8', timeout: 60_000 }).status === 0;
  if (!jaxThere) assert.match(describeVerifyResult(await verifyFramework(debian, 'jax', { timeoutMs: 60_000 })), /failed at import: ModuleNotFoundError: No module named 'jax'/);
});

test('from a replayed nvidia-smi through the doctor check to the build: the RTX 4080 SUPER capture gives cu130', async () => {
  const env = { ...process.env, PATH: path.resolve(__dirname, '../fixtures/bin/nvidia-smi-rtx4080') };
  const machine = machineFacts(await checkNvidiaSmi({ timeoutMs: 10_000, env }), 'linux', '6.1.0-18-amd64', {});
  assert.deepEqual(machine, { platform: 'linux', driverVersion: '595.71.05', cudaVersion: '13.2' });
  assert.equal(chooseWheelVariant('pytorch', machine).variant, 'cu130');
  const failed = machineFacts(await checkNvidiaSmi({ timeoutMs: 10_000, env: { ...process.env, PATH: path.resolve(__dirname, '../fixtures/bin/nvidia-smi-driver-failure') } }), 'linux', '5.15.153.1-microsoft-standard-WSL2', {});
  assert.deepEqual(failed, { platform: 'linux', wsl: true });
  assert.equal(chooseWheelVariant('pytorch', failed).variant, 'cpu');
});
