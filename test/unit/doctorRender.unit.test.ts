// The Markdown (VS Code preview) and terminal renderings of a real report: this machine's interpreters plus the
// replayed RTX 4080 SUPER nvidia-smi.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { DL_FRAMEWORKS, PYTHON_MODULES, type DoctorReport } from '../../src/core/env/doctorReport';
import { findPythonCandidates } from '../../src/core/env/findPythonCandidates';
import { renderDoctorMarkdown } from '../../src/core/env/renderDoctorMarkdown';
import { renderDoctorText } from '../../src/core/env/renderDoctorText';
import { runDoctor } from '../../src/core/env/runDoctor';

const repoRoot = path.resolve(__dirname, '../..');
const doubles = path.resolve(__dirname, '../fixtures/bin');
const env = { ...process.env, PATH: `${path.join(doubles, 'nvidia-smi-rtx4080')}${path.delimiter}${process.env.PATH ?? ''}` };

let cached: Promise<DoctorReport> | undefined;
function report(): Promise<DoctorReport> {
  cached ??= runDoctor({ host: 'vscode', pythons: findPythonCandidates({ env }), timeoutMs: 60_000, moduleRoot: repoRoot, env });
  return cached;
}

test('Markdown: the heading, one section per area, and the GPU as nvidia-smi listed it', async () => {
  const markdown = renderDoctorMarkdown(await report());
  assert.ok(markdown.startsWith('# Deep Learning Environment\n'));
  const sections = markdown.split('\n').filter((line) => line.startsWith('## ')).map((line) => line.replace(/ \(.*$/, ''));
  assert.deepEqual(sections, ['## Problems', '## Python', '## GPU', '## Node runtimes']);
  assert.ok(markdown.includes('| 0 | NVIDIA GeForce RTX 4080 SUPER | 16376 MiB | 595.71.05 |'));
  assert.match(markdown, /1 GPU, driver 595\.71\.05, supports CUDA up to 13\.2/);
});

test('Markdown: a row per interpreter, a module table for the default and each one with a framework, a fix per problem', async () => {
  const full = await report();
  const markdown = renderDoctorMarkdown(full);
  if (full.python.length > 1) {
    const rows = markdown.split('\n').filter((line) => line.startsWith('| `'));
    assert.deepEqual(rows.map((line) => /`([^`]+)`/.exec(line)?.[1]), full.python.map((python) => python.path));
    assert.deepEqual(rows.filter((line) => /^\| `[^`]+` \(default\) \|/.test(line)).length, 1);
  }
  for (const python of full.python) {
    const framework = DL_FRAMEWORKS.some((name) => python.modules[name] !== undefined && python.modules[name]?.status !== 'missing');
    const at = markdown.indexOf(`### ${python.path}\n`);
    if (!python.isDefault && python.status === 'ok' && !framework) {
      assert.equal(at, -1, `${python.path} has no framework and is not the default: a table row only`);
      continue;
    }
    assert.ok(at >= 0, `no section for ${python.path}`);
    if (python.status !== 'ok') continue;
    const rows = markdown.slice(at).split('\n').filter((line) => /^\| \S.* \(`\w+`\) \|/.test(line));
    assert.ok(rows.length >= PYTHON_MODULES.length);
  }
  const entries = markdown.split('\n').filter((line) => /^- \*\*(⛔ Error|⚠️ Warning|ℹ️ Info):\*\* /.test(line));
  const fixes = markdown.split('\n').filter((line) => line.startsWith('  - *Fix:* '));
  assert.equal(entries.length, full.problems.length);
  assert.equal(fixes.length, full.problems.length);
});

test('Markdown: text from other programs cannot break the layout or inject HTML', async () => {
  const full = structuredClone(await report());
  full.problems = [{ code: 'x', severity: 'warning', message: 'a | b <img src=x onerror=alert(1)>\nsecond line', fix: 'run `a|b` then *this*' }];
  full.gpu.gpus = [{ index: 0, name: 'GPU | with pipe', driverVersion: '1', memoryTotalMiB: null }];
  const markdown = renderDoctorMarkdown(full);
  assert.ok(markdown.includes('- **⚠️ Warning:** a | b &lt;img src=x onerror=alert(1)&gt; second line'));
  assert.ok(markdown.includes('  - *Fix:* run `a|b` then \\*this\\*'));
  assert.ok(markdown.includes('| 0 | GPU \\| with pipe | n/a | 1 |'));
  assert.ok(!markdown.includes('<img'));
});

test('text: interpreters, modules, the GPU and every problem with its fix', async () => {
  const full = await report();
  const text = renderDoctorText(full);
  assert.ok(text.startsWith('Deep Learning Environment\n'));
  assert.ok(text.includes('GPU 0: NVIDIA GeForce RTX 4080 SUPER, 16376 MiB'));
  for (const python of full.python) assert.ok(text.includes(`  ${python.path} (from `), python.path);
  if (full.python.length > 1) {
    assert.equal(text.split('\n').filter((line) => / \(from [^)]*, default\): /.test(line)).length, 1, 'one default');
    // Modules are listed one per line for the default only; the others get one line of frameworks.
    assert.equal(text.split('\n').filter((line) => line.startsWith('    frameworks: ')).length, full.python.filter((python) => !python.isDefault && python.status === 'ok').length);
  }
  for (const problem of full.problems) {
    assert.ok(text.includes(problem.message), problem.message);
    assert.ok(text.includes(`fix: ${problem.fix}`), problem.fix);
  }
});
