// The Model view in the real extension host: a fixture model is parsed in the worker thread and fills the tree;
// figures are checked against the row python3-onnx wrote into test/unit/formats.table.json.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TensorsightApi } from '../../src/extension';
import type { ModelTreeNode } from '../../src/host/model/modelTreeProvider';

const repoRoot = path.resolve(__dirname, '../../..');
const fixtures = path.resolve(repoRoot, '../shared/fixtures');

interface TableRow {
  file: string;
  expected: { nodes: number; params: number; producer?: string; inputs: { name: string }[]; opTypes: Record<string, number> };
}
const table = JSON.parse(readFileSync(path.join(repoRoot, 'test/unit/formats.table.json'), 'utf8')) as TableRow[];

async function api(): Promise<TensorsightApi> {
  const extension = vscode.extensions.getExtension<TensorsightApi>('tensorsight.tensorsight');
  assert.ok(extension);
  return extension.activate();
}

function labels(tensorsight: TensorsightApi, nodes: ModelTreeNode[]): string[] {
  return nodes.map((node) => String(tensorsight.model.tree.getTreeItem(node).label));
}

describe('Model view', function () {
  this.timeout(60_000);

  it('shows an ONNX model read in the worker, with the figures python3-onnx reports', async () => {
    const tensorsight = await api();
    const row = table.find((candidate) => candidate.file === 'onnx/migraphx_mnist-8.onnx');
    assert.ok(row, 'the table has the mnist row');
    const uri = vscode.Uri.file(path.join(fixtures, row.file));
    const shown = await vscode.commands.executeCommand<vscode.Uri>('tensorsight.model.showSummary', uri);
    assert.equal(shown?.fsPath, uri.fsPath);

    const outline = tensorsight.model.tree.outline;
    assert.ok(outline, 'the tree holds an outline');
    assert.equal(outline.summary.nodes, row.expected.nodes);
    assert.equal(outline.summary.params, row.expected.params);
    assert.deepEqual(outline.summary.opTypes, row.expected.opTypes);

    const roots = tensorsight.model.tree.getChildren();
    assert.deepEqual(labels(tensorsight, roots), ['migraphx_mnist-8.onnx', 'Inputs', 'Outputs', 'Totals', 'Layers']);
    const inputs = tensorsight.model.tree.getChildren(roots[1]);
    assert.deepEqual(labels(tensorsight, inputs), row.expected.inputs.map((input) => input.name));
    const layers = tensorsight.model.tree.getChildren(roots[4]);
    assert.ok(layers.length > 0 && layers.length <= row.expected.nodes);
    const firstLayer = layers.find((node) => node.kind === 'layer');
    assert.ok(firstLayer, 'a layer item');
    const details = tensorsight.model.tree.getChildren(firstLayer);
    assert.ok(details.length > 0, 'a layer lists its inputs, weights, attributes and outputs');
  });

  it('shows a clear error item for a file that is not a model, without crashing the host', async () => {
    const tensorsight = await api();
    const bad = path.join(mkdtempSync(path.join(tmpdir(), 'tensorsight-model-')), 'garbage.onnx');
    writeFileSync(bad, Buffer.from('this is not a protobuf model at all, just text'));
    await tensorsight.model.show(vscode.Uri.file(bad));
    assert.equal(tensorsight.model.tree.outline, undefined);
    const [item] = tensorsight.model.tree.getChildren();
    const treeItem = tensorsight.model.tree.getTreeItem(item);
    assert.match(String(treeItem.label), /Could not read garbage\.onnx/);
    assert.match(String(treeItem.description), /garbage\.onnx/);
  });
});
