// The native-kernels issue's reference network `cnn3`: 3×3 convs 16/32/64 + BN + ReLU, max-pool
// after the first two, global average pool, dropout, dense 10. Shared by the native benchmarks.
// `layers` swaps the conv, batch-norm and dense layer classes (jars' own, for the jars column);
// `logits` leaves the softmax out (jars' loop takes logits; model.fit's loss takes probabilities).
export function cnn3(tf, h, w, c, { layers = tf.layers, logits = false } = {}) {
  const input = tf.input({ shape: [h, w, c] });
  let x = input;
  [16, 32, 64].forEach((filters, i) => {
    x = layers.conv2d({ filters, kernelSize: 3, padding: 'same', useBias: false }).apply(x);
    x = layers.batchNormalization({}).apply(x);
    x = tf.layers.activation({ activation: 'relu' }).apply(x);
    if (i < 2) x = tf.layers.maxPooling2d({ poolSize: 2 }).apply(x);
  });
  x = tf.layers.globalAveragePooling2d({}).apply(x);
  x = tf.layers.dropout({ rate: 0.25 }).apply(x);
  return tf.model({ inputs: input, outputs: layers.dense({ units: 10, ...(logits ? {} : { activation: 'softmax' }) }).apply(x) });
}
