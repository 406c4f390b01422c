// TorchScript code/ reading: class declarations and forward() bodies as torch writes them (the
// traced and scripted archives of test/fixtures), and the limits that keep a hostile archive's code
// from making the walk explode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { ModelFile } from '../../src/core/formats/containers/modelFile';
import { readTorchArchive } from '../../src/core/formats/pytorch/pytorchArchive';
import { parseExpr } from '../../src/core/formats/pytorch/pytorchCodeExpr';
import { recoverTorchScriptGraph } from '../../src/core/formats/pytorch/pytorchCodeGraph';
import { parseTorchScriptCode } from '../../src/core/formats/pytorch/pytorchCodeParser';
import { PickleObject } from '../../src/core/formats/containers/pickleValues';
import { ZipArchive } from '../../src/core/formats/containers/zipArchive';

const fixtures = path.resolve(__dirname, '../fixtures/pytorch');
const shared = path.resolve(__dirname, '../fixtures/upstream/pytorch');

async function codeOf(file: string) {
  return ModelFile.with(file, async (model) => parseTorchScriptCode((await readTorchArchive(model, await ZipArchive.open(model))).code));
}

test('class declarations: parameters, buffers and Final constants as torch wrote them', async () => {
  const code = await codeOf(path.join(shared, 'tch_foo_torchscript.pt'));
  const foo = code.classes.get('__torch__.Foo');
  assert.ok(foo, 'class __torch__.Foo');
  assert.deepEqual([foo.parameters, foo.buffers], [[], ['value']]);
  assert.deepEqual(foo.methods.get('forward')?.params, ['self', 'x', 'y']);
  const traced = await codeOf(path.join(fixtures, 'small_traced.pt'));
  const batchNorm = [...traced.classes.values()].find((item) => item.name.endsWith('.BatchNorm2d'));
  assert.deepEqual(batchNorm?.buffers, ['running_mean', 'running_var', 'num_batches_tracked']);
});

test('expressions of generated code parse into calls, attributes and literals', () => {
  assert.deepEqual(parseExpr('torch._convolution(x, weight, None, [2, 2], [3, 3], [1, 1], False, [0, 0], 1, False, False, True, True)'), {
    k: 'call',
    fn: { k: 'attr', obj: { k: 'name', id: 'torch' }, name: '_convolution' },
    args: [
      { k: 'name', id: 'x' }, { k: 'name', id: 'weight' }, { k: 'const', value: null },
      { k: 'list', items: [{ k: 'const', value: 2 }, { k: 'const', value: 2 }] }, { k: 'list', items: [{ k: 'const', value: 3 }, { k: 'const', value: 3 }] },
      { k: 'list', items: [{ k: 'const', value: 1 }, { k: 'const', value: 1 }] }, { k: 'const', value: false },
      { k: 'list', items: [{ k: 'const', value: 0 }, { k: 'const', value: 0 }] }, { k: 'const', value: 1 },
      { k: 'const', value: false }, { k: 'const', value: false }, { k: 'const', value: true }, { k: 'const', value: true },
    ],
    kwargs: [],
  });
  assert.deepEqual(parseExpr('(bn1).forward((conv1).forward(x, ), )').k, 'call');
  assert.deepEqual(parseExpr('getattr(self, "1")'), { k: 'call', fn: { k: 'name', id: 'getattr' }, args: [{ k: 'name', id: 'self' }, { k: 'const', value: '1' }], kwargs: [] });
  assert.deepEqual(parseExpr('torch.add(x, -1.5e-05, alpha=2)').k, 'call');
  assert.equal(parseExpr('x $ y').k, 'unknown', 'text outside the subset is unknown, not an error');
});

test('self-recursive or exploding code stops at a limit and falls back to modules', () => {
  const levels = Array.from({ length: 30 }, (_, i) => `def f${i}(x: Tensor) -> Tensor:\n  a = __torch__.f${i + 1}(torch.relu(x), )\n  b = __torch__.f${i + 1}(a, )\n  return torch.add(a, b)\n`).join('');
  const source = `class M(Module):\n  __parameters__ = []\n  __buffers__ = []\n  def forward(self: __torch__.M, x: Tensor) -> Tensor:\n    return __torch__.f0(x, )\n${levels}def f30(x: Tensor) -> Tensor:\n  return x\n`;
  const code = parseTorchScriptCode(new Map([['__torch__', source]]));
  const modules = { name: 'm', nodes: [], values: new Map(), inputs: [], outputs: [] };
  const started = Date.now();
  const result = recoverTorchScriptGraph('m', new PickleObject('__torch__.M', []), code, modules);
  assert.ok(Date.now() - started < 20_000, 'the walk is capped');
  assert.equal(result.graph, modules);
  assert.match(result.warnings.join('\n'), /could not be followed \((more than \d+ (statements|operators))/);
});
