// Builds an untrained tfjs-layers model from a Keras 2 shaped config (see kerasConfigForTfjs). TF.js builds a
// Sequential's layers as they are added, so a nested Sequential needs its input shape up front; Keras 2 leaves it
// out when the inner model was built lazily. The shape is the output shape of the outer layers before it, found
// by building those first.
import * as tfl from '@tensorflow/tfjs-layers';

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The model for `config` with freshly initialized weights (the caller sets the stored ones). */
export async function buildFromKerasConfig(config: Json): Promise<tfl.LayersModel> {
  await fillNestedInputShapes(config);
  return tfl.models.modelFromJSON({ modelTopology: config } as never);
}

function layersOf(model: Json): Json[] {
  const config = isRecord(model.config) ? model.config : {};
  return Array.isArray(config.layers) ? config.layers.filter(isRecord) : [];
}

function hasInputShape(layer: Json): boolean {
  const config = isRecord(layer.config) ? layer.config : {};
  if (layer.class_name === 'Sequential') {
    const first = layersOf(layer)[0];
    return first !== undefined && hasInputShape(first);
  }
  return config.batch_input_shape !== undefined || config.input_shape !== undefined || config.batch_shape !== undefined;
}

/** Gives each nested Sequential without an input shape the output shape of the layers before it (in place). */
async function fillNestedInputShapes(model: Json): Promise<void> {
  const layers = layersOf(model);
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i];
    if (layer.class_name !== 'Sequential') continue;
    const inner = layersOf(layer);
    if (model.class_name === 'Sequential' && i > 0 && inner.length > 0 && !hasInputShape(layer)) {
      const prefix = await tfl.models.modelFromJSON({ modelTopology: { class_name: 'Sequential', config: { name: 'prefix', layers: layers.slice(0, i) } } } as never);
      const shape = prefix.outputs[0].shape;
      prefix.dispose();
      const first = inner[0];
      first.config = { ...(isRecord(first.config) ? first.config : {}), batch_input_shape: shape };
    }
    await fillNestedInputShapes(layer);
  }
}
