// TorchScript MACs against PyTorch itself: scripts/fixtures/pytorchFigures.py --macs traces and
// scripts a small CNN (strided, dilated, grouped and transposed convs, ceil-mode pooling, conv1d,
// linear, matmul) and torchvision's resnet18, and counts MACs with forward hooks while torch runs
// them. We read the files it wrote, given only the input shape.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readPyTorch } from '../../src/core/formats/pytorch/pytorchReader';
import { summarizeModel } from '../../src/core/ir/summary';

const script = path.resolve(__dirname, '../../scripts/fixtures/pytorchFigures.py');
const probe = fs.existsSync('/usr/bin/python3') ? spawnSync('/usr/bin/python3', ['-c', 'import torch, torchvision'], { timeout: 60_000 }) : undefined;
const skip = probe?.status === 0 ? false : '/usr/bin/python3 with torch and torchvision is not on this machine';

const dir = skip ? '' : fs.mkdtempSync(path.join(os.tmpdir(), 'tensorsight-aten-'));
after(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

interface Row {
  file: string;
  inputShape: number[];
  macs: number;
  params: number;
  buffers: number;
}

function torchRows(): Row[] {
  const run = spawnSync('/usr/bin/python3', [script, '--macs', dir], { encoding: 'utf8', timeout: 300_000 });
  assert.equal(run.status, 0, `pytorchFigures.py --macs failed: ${run.stderr}`);
  return (JSON.parse(fs.readFileSync(path.join(dir, 'macs.json'), 'utf8')) as { rows: Row[] }).rows;
}

test('traced and scripted TorchScript: MACs, parameters and buffers as torch counts them', { skip }, async () => {
  const rows = torchRows();
  assert.ok(rows.length >= 4, 'torch wrote the traced and scripted files');
  for (const row of rows) {
    const model = await readPyTorch(path.join(dir, row.file));
    const summary = summarizeModel(model, { inputShapes: [{ shape: row.inputShape }] });
    assert.equal(summary.macs, row.macs, `${row.file} MACs`);
    assert.equal(summary.macsUnknown, undefined, `${row.file}: every recovered op costed`);
    assert.equal(summary.params, row.params, `${row.file} parameters`);
    assert.equal(summary.trainableParams, row.params, `${row.file} trainable`);
    assert.equal(summary.buffers?.elements, row.buffers, `${row.file} buffers`);
    const unshaped = summarizeModel(model);
    assert.equal(unshaped.macs, null, `${row.file}: without an input shape the MACs are unknown, not 0`);
    assert.ok(unshaped.macsUnknown?.ops.every((entry) => entry.reason === 'shapes unknown'), `${row.file} says why`);
  }
});
