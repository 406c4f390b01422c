// The trace editor's CSV export over a real Kineto trace (HTA's AlexNet on an A100): parsed back with an RFC 4180
// reader, every row and field survives (kernel names hold commas and quotes), and the calls add up to the kernel and
// cpu_op events of the file, and each grid to one of the kernel's own args, read here from the JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { summarizeTrace } from '../../src/core/profile/summarizeTrace';
import { stepCategories } from '../../src/core/profile/traceSummary';
import { traceTableCsv, traceTableJson } from '../../src/host/profile/traceTables';

const file = resolve(__dirname, '../fixtures/upstream/traces/pytorch/hta_alexnet_a100_benchmark.pt.trace.json');
const events = (JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: { cat?: string; ph?: string; name: string; args?: Record<string, unknown> }[] }).traceEvents;

/** RFC 4180: fields split on commas, quoted fields with doubled quotes; returns rows of fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted && char === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (!quoted && (char === ',' || char === '\n')) {
      row.push(field);
      field = '';
      if (char === '\n') {
        rows.push(row);
        row = [];
      }
    } else {
      field += char;
    }
  }
  return rows;
}

function table(csv: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(csv);
  for (const row of rows) assert.equal(row.length, header.length, `a row of ${row.length} fields under ${header.length} columns: ${row.join(' | ')}`);
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i]])));
}

test('operators, kernels and steps export as CSV that reads back to the file\'s events', async () => {
  const { summary } = await summarizeTrace(file);

  const kernels = table(traceTableCsv(summary, 'kernels'));
  assert.deepEqual(kernels.map((row) => row.name), summary.kernels.map((row) => row.name), 'every kernel name survives, commas and all');
  assert.ok(kernels.some((row) => row.name.includes(',')), 'the fixture has kernel names with commas');
  const kernelEvents = events.filter((event) => event.cat === 'kernel' && event.ph === 'X');
  assert.equal(kernels.reduce((sum, row) => sum + Number(row.calls), 0), kernelEvents.length);
  for (const row of kernels) {
    // A kernel launched with several grids is one row showing one of them.
    const grids = kernelEvents.filter((event) => event.name === row.name).map((event) => (event.args?.grid as number[] | undefined)?.join('x') ?? '');
    assert.ok(grids.includes(row.grid), `grid ${row.grid} of ${row.name} is one of its calls' (${[...new Set(grids)].join(', ')})`);
  }

  const operators = table(traceTableCsv(summary, 'operators'));
  assert.equal(operators.length, summary.ops.length);
  assert.equal(operators.reduce((sum, row) => sum + Number(row.calls), 0), events.filter((event) => event.cat === 'cpu_op' && event.ph === 'X').length);

  const steps = table(traceTableCsv(summary, 'steps'));
  assert.equal(steps.length, summary.steps.length);
  for (const row of steps) {
    const parts = stepCategories.reduce((sum, category) => sum + Number(row[`${category}_us`]), 0);
    assert.ok(Math.abs(parts - Number(row.dur_us)) <= 1e-6 * Number(row.dur_us) + 1e-3, `step ${row.step}: the categories sum to its time`);
  }

  assert.deepEqual(JSON.parse(traceTableJson(summary, 'kernels')), JSON.parse(JSON.stringify(summary.kernels)));
  assert.deepEqual(JSON.parse(traceTableJson(summary, 'all')).ops.length, summary.ops.length);
});
