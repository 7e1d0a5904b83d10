// The native-kernels issue's reference network `cnn3`: 3×3 convs 16/32/64 + BN + ReLU, max-pool
// after the first two, global average pool, dropout, dense 10. Shared by the native benchmarks.
export function cnn3(tf, h, w, c) {
  const model = tf.sequential();
  const block = (filters, first) => {
    model.add(tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', useBias: false, ...(first ? { inputShape: [h, w, c] } : {}) }));
    model.add(tf.layers.batchNormalization());
    model.add(tf.layers.activation({ activation: 'relu' }));
  };
  block(16, true);
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  block(32, false);
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  block(64, false);
  model.add(tf.layers.globalAveragePooling2d({}));
  model.add(tf.layers.dropout({ rate: 0.25 }));
  model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
  return model;
}
