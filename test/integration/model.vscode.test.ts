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
const fixtures = path.resolve(repoRoot, 'test/fixtures/upstream');

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

  it('reveals any layer of a scoped model: each parent lists the child, and the view selects it', async () => {
    const tensorsight = await api();
    const { tree, view } = tensorsight.model;
    // A PyTorch TransformerEncoderLayer export: node names like /self_attn/MatMul give nested scopes.
    await tensorsight.model.show(vscode.Uri.file(path.join(repoRoot, 'test/fixtures/models/attention.onnx')));
    const layers = tree.outline?.summary.layers ?? [];
    assert.ok(layers.some((layer) => layer.scope.length >= 1), 'the model has scoped layers');
    const idOf = (node: ModelTreeNode) => tree.getTreeItem(node).id;
    for (const layer of layers) {
      let child = tree.layerNode(layer.id);
      assert.ok(child, `layer ${layer.id} is found by id`);
      // Walk up to the root: VS Code's reveal matches each element among its parent's children by id.
      for (let parent = tree.getParent(child); child; child = parent, parent = parent && tree.getParent(parent)) {
        const siblings = tree.getChildren(parent);
        assert.ok(siblings.some((sibling) => idOf(sibling) === idOf(child!)), `${idOf(child)} is a child of ${parent ? idOf(parent) : 'the root'}`);
      }
    }
    const deepest = layers.reduce((best, layer) => (layer.scope.length > best.scope.length ? layer : best));
    await view.reveal(tree.layerNode(deepest.id)!, { select: true, focus: false, expand: false });
    const [selected] = view.selection;
    assert.equal(selected?.kind === 'layer' ? selected.layer.id : undefined, deepest.id);
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
