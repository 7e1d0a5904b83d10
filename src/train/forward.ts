import type * as tf from '@tensorflow/tfjs';

export interface GraphNode {
  readonly inputTensors: tf.SymbolicTensor[];
  readonly outputTensors: tf.SymbolicTensor[];
  readonly callArgs?: tf.serialization.ConfigDict;
}

/**
 * Runs a functional model with `training` passed to every layer. `model.apply(x, {training})`
 * does not forward it (tfjs-layers 4.22 replays the arguments recorded when the graph was built),
 * so batch norm would never use batch statistics and dropout / drop-path would never fire;
 * model.fit uses an internal executor for this. Layers run in the model's topological order.
 */
/**
 * Wraps one layer's call during `forward`: `run()` applies the layer; the hook may return its
 * output, a replacement (e.g. the input, to skip the layer), or observe it. Zero-cost proxies use
 * this to read activations and to rescale at the graph's cut points.
 */
export type LayerHook = (layer: tf.layers.Layer, inputs: readonly tf.Tensor[], run: () => tf.Tensor) => tf.Tensor;

export function forward(model: tf.LayersModel, input: tf.Tensor, training: boolean, hook?: LayerHook): tf.Tensor {
  const values = new Map<number, tf.Tensor>();
  const first = model.inputs[0] as tf.SymbolicTensor;
  values.set(first.id, input);
  for (const layer of model.layers) {
    if (layer.getClassName() === 'InputLayer') continue;
    for (const node of layer.inboundNodes as unknown as GraphNode[]) {
      if (node.inputTensors.length === 0) continue;
      const inputs = node.inputTensors.map((t) => values.get(t.id));
      if (inputs.some((t) => t === undefined)) continue; // a node of another model sharing the layer
      const args = { ...(node.callArgs ?? {}), training };
      const run = () => layer.apply(inputs.length === 1 ? (inputs[0] as tf.Tensor) : (inputs as tf.Tensor[]), args) as tf.Tensor;
      const out = hook ? hook(layer, inputs as tf.Tensor[], run) : (run() as tf.Tensor | tf.Tensor[]);
      const outs = Array.isArray(out) ? out : [out];
      node.outputTensors.forEach((t, i) => values.set(t.id, outs[i] as tf.Tensor));
    }
  }
  const output = values.get((model.outputs[0] as tf.SymbolicTensor).id);
  if (output === undefined) throw new Error(`model ${model.name} has an output its layers do not compute`);
  return output;
}

/**
 * Names of the layers every input-to-output path passes through (the graph's cut points, in
 * topological order): when one of their outputs is computed, no other computed tensor is still
 * waiting for a consumer. A linear network scaled at such a point scales its output by the same
 * factor, whatever path the signal took.
 */
export function cutLayers(model: tf.LayersModel): string[] {
  const consumers = new Map<number, number>();
  const nodes: { layer: tf.layers.Layer; node: GraphNode }[] = [];
  for (const layer of model.layers) {
    if (layer.getClassName() === 'InputLayer') continue;
    for (const node of layer.inboundNodes as unknown as GraphNode[]) {
      if (node.inputTensors.length === 0) continue;
      nodes.push({ layer, node });
      for (const t of node.inputTensors) consumers.set(t.id, (consumers.get(t.id) ?? 0) + 1);
    }
  }
  const outputs = new Set(model.outputs.map((t) => t.id));
  const live = new Map<number, number>();
  const first = model.inputs[0] as tf.SymbolicTensor;
  live.set(first.id, consumers.get(first.id) ?? 0);
  const cuts: string[] = [];
  for (const { layer, node } of nodes) {
    for (const t of node.inputTensors) {
      const left = (live.get(t.id) ?? 0) - 1;
      if (left <= 0) live.delete(t.id);
      else live.set(t.id, left);
    }
    for (const t of node.outputTensors) {
      const count = consumers.get(t.id) ?? 0;
      if (count > 0 || outputs.has(t.id)) live.set(t.id, count);
    }
    if (live.size === 1 && node.outputTensors.length === 1 && live.has((node.outputTensors[0] as tf.SymbolicTensor).id)) cuts.push(layer.name);
  }
  return cuts;
}
