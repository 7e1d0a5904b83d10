// Kernels that cut the number of tfjs ops per training step: optimizer updates (one call per
// variable instead of ~10 small ops) and batch norm in training (statistics, normalisation and the full input gradient in two passes
// each, as PyTorch's native batch norm does, instead of ~20 activation-sized ops).
#include <cmath>
#include <vector>

#include "kernels.h"

namespace jars {

// Each formula repeats tfjs's own optimizer (tfjs-core 4.22 optimizers/*.ts) operation by
// operation in float32, so the native and plain runs stay within rounding of each other.
void optimizerStep(const OptimizerStep& o, const float* x, const float* g, const float* s1,
                   const float* s2, float* xOut, float* s1Out, float* s2Out, int64_t size) {
  const float lr = static_cast<float>(o.lr);
  const float l2 = static_cast<float>(o.l2);
  const float decay = static_cast<float>(o.decayFactor);
  auto grad = [&](int64_t i) { return o.l2 != 0 ? g[i] + x[i] * l2 : g[i]; };
  auto finish = [&](int64_t i, float v) { xOut[i] = o.decayFactor != 1 ? v * decay : v; };
  switch (o.kind) {
    case OptimizerKind::Sgd:
      for (int64_t i = 0; i < size; i++) finish(i, x[i] + (-lr) * grad(i));
      break;
    case OptimizerKind::Momentum: {
      const float mu = static_cast<float>(o.beta1);
      for (int64_t i = 0; i < size; i++) {
        const float gi = grad(i);
        const float acc = s1[i] * mu + gi;
        s1Out[i] = acc;
        finish(i, o.nesterov ? (-lr) * (gi + acc * mu) + x[i] : (-lr) * acc + x[i]);
      }
      break;
    }
    case OptimizerKind::Adam: {
      const float b1 = static_cast<float>(o.beta1), b2 = static_cast<float>(o.beta2);
      const float c1 = static_cast<float>(1 - o.beta1), c2 = static_cast<float>(1 - o.beta2);
      const float bc1 = static_cast<float>(1 - o.accBeta1), bc2 = static_cast<float>(1 - o.accBeta2);
      const float eps = static_cast<float>(o.epsilon);
      for (int64_t i = 0; i < size; i++) {
        const float gi = grad(i);
        const float m = s1[i] * b1 + gi * c1;
        const float v = s2[i] * b2 + (gi * gi) * c2;
        s1Out[i] = m;
        s2Out[i] = v;
        const float mHat = m / bc1, vHat = v / bc2;
        finish(i, mHat / (std::sqrt(vHat) + eps) * (-lr) + x[i]);
      }
      break;
    }
    case OptimizerKind::RmsProp: {
      const float rho = static_cast<float>(o.beta2), c = static_cast<float>(1 - o.beta2);
      const float mu = static_cast<float>(o.beta1), eps = static_cast<float>(o.epsilon);
      for (int64_t i = 0; i < size; i++) {
        const float gi = grad(i);
        const float ms = s2[i] * rho + (gi * gi) * c;
        const float mom = s1[i] * mu + gi * lr / std::sqrt(ms + eps);
        s2Out[i] = ms;
        s1Out[i] = mom;
        finish(i, x[i] - mom);
      }
      break;
    }
    case OptimizerKind::Average: {
      // Weight EMA: s1 ← s1·d + x·(1 − d), d = beta1.
      const float d = static_cast<float>(o.beta1), e = static_cast<float>(1 - o.beta1);
      for (int64_t i = 0; i < size; i++) s1Out[i] = s1[i] * d + x[i] * e;
      break;
    }
  }
}

void batchNormTrain(const float* x, const float* scale, const float* offset, float* y, float* mean,
                    float* variance, int64_t rows, int64_t ch, float epsilon) {
  std::vector<double> sum(ch, 0.0), sq(ch, 0.0);
  for (int64_t r = 0; r < rows; r++) {
    const float* xr = x + r * ch;
    for (int64_t c = 0; c < ch; c++) sum[c] += xr[c];
  }
  for (int64_t c = 0; c < ch; c++) mean[c] = static_cast<float>(sum[c] / rows);
  for (int64_t r = 0; r < rows; r++) {
    const float* xr = x + r * ch;
    for (int64_t c = 0; c < ch; c++) {
      const double d = xr[c] - mean[c];
      sq[c] += d * d;
    }
  }
  std::vector<float> gain(ch), shift(ch);
  for (int64_t c = 0; c < ch; c++) {
    variance[c] = static_cast<float>(sq[c] / rows);
    gain[c] = scale[c] / std::sqrt(variance[c] + epsilon);
    shift[c] = offset[c] - mean[c] * gain[c];
  }
  channelAffine(x, y, gain.data(), shift.data(), rows, ch);
}

void batchNormGradStats(const float* x, const float* dy, const float* mean, float* s1, float* s2,
                        int64_t rows, int64_t ch) {
  std::vector<double> a(ch, 0.0), b(ch, 0.0);
  for (int64_t r = 0; r < rows; r++) {
    const float* xr = x + r * ch;
    const float* dr = dy + r * ch;
    for (int64_t c = 0; c < ch; c++) {
      a[c] += dr[c];
      b[c] += static_cast<double>(dr[c]) * (xr[c] - mean[c]);
    }
  }
  for (int64_t c = 0; c < ch; c++) {
    s1[c] = static_cast<float>(a[c]);
    s2[c] = static_cast<float>(b[c]);
  }
}

void batchNormGradInput(const float* x, const float* dy, const float* mean, const float* variance,
                        const float* scale, const float* s1, const float* s2, float* dx,
                        int64_t rows, int64_t ch, float epsilon) {
  // dx = g·inv·(dy − S1/N − (x − mean)·inv²·S2/N), the derivative through the batch statistics
  // included; per channel: dx = dy·k + (x − mean)·q + t.
  std::vector<float> k(ch), q(ch), t(ch);
  for (int64_t c = 0; c < ch; c++) {
    const double inv = 1.0 / std::sqrt(static_cast<double>(variance[c]) + epsilon);
    const double gi = scale[c] * inv;
    k[c] = static_cast<float>(gi);
    q[c] = static_cast<float>(-gi * inv * inv * s2[c] / rows);
    t[c] = static_cast<float>(-gi * s1[c] / rows);
  }
  const float *kp = k.data(), *qp = q.data(), *tp = t.data();
  for (int64_t r = 0; r < rows; r++) {
    const float* xr = x + r * ch;
    const float* dr = dy + r * ch;
    float* out = dx + r * ch;
    for (int64_t c = 0; c < ch; c++) out[c] = dr[c] * kp[c] + (xr[c] - mean[c]) * qp[c] + tp[c];
  }
}

}  // namespace jars
