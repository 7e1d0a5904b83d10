import type * as tf from '@tensorflow/tfjs';

interface GraphNode {
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
export function forward(model: tf.LayersModel, input: tf.Tensor, training: boolean): tf.Tensor {
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
      const out = layer.apply(inputs.length === 1 ? (inputs[0] as tf.Tensor) : (inputs as tf.Tensor[]), args) as tf.Tensor | tf.Tensor[];
      const outs = Array.isArray(out) ? out : [out];
      node.outputTensors.forEach((t, i) => values.set(t.id, outs[i] as tf.Tensor));
    }
  }
  const output = values.get((model.outputs[0] as tf.SymbolicTensor).id);
  if (output === undefined) throw new Error(`model ${model.name} has an output its layers do not compute`);
  return output;
}
