// The Model view's part in profiling: layers of a profiled model say their time, and a Profile panel row selects
// its node's layer when the view shows that model. The Profile feature calls these by module (H: src/host/profile).
import * as vscode from 'vscode';
import { overlayNodeFor } from '../../core/graph/profileOverlay';
import type { ProfileOverlay } from '../../core/protocol/graph';
import type { ModelFeature } from './registerModel';

/** How long a reveal waits for the view to finish reading the model it is reading now. */
const OUTLINE_WAIT_MS = 30_000;

let feature: ModelFeature | undefined;
/** The layer the last reveal selected: its selection must not come back to the graph as a reveal by id. */
let revealing: string | null = null;

/** Called once at activation by registerModel. */
export function bindModelView(model: ModelFeature): void {
  feature = model;
}

/** Shows `overlay`'s time per run on the layers of `modelUri` (undefined: clears it). */
export function showProfileInModelView(modelUri: vscode.Uri, overlay: ProfileOverlay | undefined): void {
  feature?.tree.setProfile(modelUri.fsPath, overlay);
}

/**
 * Selects the layer of the node named `nodeName` (a graph node's name, or a profile row's) when the Model view shows `modelUri` (waiting for it while the view
 * reads that file); resolves false when the view shows another model or the model has no such node.
 */
export async function revealModelNode(modelUri: vscode.Uri, nodeName: string): Promise<boolean> {
  const model = feature;
  const file = modelUri.fsPath;
  if (!model || !(await outlineShown(model, file))) return false;
  // A profile row's name (a kernel ORT renamed or fused) stands for the graph node the overlay maps it to.
  const profile = model.tree.profileOf(file);
  const names = [nodeName, ...(profile ? [overlayNodeFor(profile, nodeName)] : [])];
  const layers = model.tree.outline!.summary.layers;
  const layer = names.map((name) => layers.find((each) => each.name === name)).find((found) => found !== undefined);
  const node = layer && model.tree.layerNode(layer.id);
  if (!layer || !node) return false;
  revealing = layer.id;
  try {
    await model.view.reveal(node, { select: true, focus: false, expand: false });
  } catch {
    revealing = null;
    return false;
  }
  return true;
}

/** True once for the layer a reveal selected (modelGraphSync then sends it no further). */
export function consumeModelReveal(layerId: string): boolean {
  if (revealing !== layerId) return false;
  revealing = null;
  return true;
}

/** Whether the view shows `file`, after it finishes reading it if it is reading it now. */
function outlineShown(model: ModelFeature, file: string): Promise<boolean> {
  if (model.tree.outline?.path === file) return Promise.resolve(true);
  if (model.tree.loading !== file) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (shown: boolean) => {
      clearTimeout(timer);
      listener.dispose();
      resolve(shown);
    };
    const timer = setTimeout(() => done(false), OUTLINE_WAIT_MS);
    const listener = model.tree.onDidChangeTreeData(() => {
      if (model.tree.loading !== file) done(model.tree.outline?.path === file);
    });
  });
}
