// Memory-bound kernels that dominate a training step once convolutions run in oneDNN: the
// shapes here are those tfjs-core's gradients produce (per-channel tiles, reductions over the
// leading axes, per-channel broadcasts), written as plain loops the compiler vectorises.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "kernels.h"

namespace jars {
namespace {

// Fills out for dimensions [dim, rank): the first repetition recursively, the rest by copying
// that block, so the innermost work is a handful of large memcpy calls.
void tileDim(const float* x, float* out, int dim, int rank, const int64_t* xShape,
             const int64_t* reps, const int64_t* xStride, const int64_t* outStride) {
  if (dim == rank - 1) {
    const int64_t n = xShape[dim];
    for (int64_t r = 0; r < reps[dim]; r++) std::memcpy(out + r * n, x, n * sizeof(float));
    return;
  }
  for (int64_t i = 0; i < xShape[dim]; i++) {
    tileDim(x + i * xStride[dim], out + i * outStride[dim], dim + 1, rank, xShape, reps, xStride,
            outStride);
  }
  const int64_t block = xShape[dim] * outStride[dim];
  for (int64_t r = 1; r < reps[dim]; r++) std::memcpy(out + r * block, out, block * sizeof(float));
}

template <BinaryOp op>
inline float apply(float a, float b) {
  if constexpr (op == BinaryOp::Add) return a + b;
  if constexpr (op == BinaryOp::Sub) return a - b;
  if constexpr (op == BinaryOp::Mul) return a * b;
  return a / b;
}

template <BinaryOp op>
void binaryT(const float* a, const float* b, float* out, const int64_t* d, const int64_t* as,
             const int64_t* bs) {
  float* o = out;
  for (int64_t i0 = 0; i0 < d[0]; i0++) {
    for (int64_t i1 = 0; i1 < d[1]; i1++) {
      const float* pa = a + i0 * as[0] + i1 * as[1];
      const float* pb = b + i0 * bs[0] + i1 * bs[1];
      const int64_t n = d[2];
      // The three inner cases the compiler can vectorise: both dense, or one a scalar.
      if (as[2] == 1 && bs[2] == 1) {
        for (int64_t i = 0; i < n; i++) o[i] = apply<op>(pa[i], pb[i]);
      } else if (as[2] == 1) {
        const float vb = *pb;
        for (int64_t i = 0; i < n; i++) o[i] = apply<op>(pa[i], vb);
      } else if (bs[2] == 1) {
        const float va = *pa;
        for (int64_t i = 0; i < n; i++) o[i] = apply<op>(va, pb[i]);
      } else {
        const float v = apply<op>(*pa, *pb);
        for (int64_t i = 0; i < n; i++) o[i] = v;
      }
      o += n;
    }
  }
}

}  // namespace

void tile(const float* x, float* out, int rank, const int64_t* xShape, const int64_t* reps) {
  std::vector<int64_t> xStride(rank), outStride(rank);
  int64_t xs = 1, os = 1;
  for (int d = rank - 1; d >= 0; d--) {
    xStride[d] = xs;
    outStride[d] = os;
    xs *= xShape[d];
    os *= xShape[d] * reps[d];
  }
  if (xs == 0) return;
  tileDim(x, out, 0, rank, xShape, reps, xStride.data(), outStride.data());
}

void sumMiddle(const float* x, float* out, int64_t outer, int64_t rows, int64_t cols, float scale) {
  // Double accumulators: tens of thousands of rows are summed per channel.
  std::vector<double> acc(cols);
  double* a = acc.data();
  for (int64_t o = 0; o < outer; o++) {
    std::fill(acc.begin(), acc.end(), 0.0);
    const float* xo = x + o * rows * cols;
    for (int64_t r = 0; r < rows; r++) {
      const float* row = xo + r * cols;
      for (int64_t c = 0; c < cols; c++) a[c] += row[c];
    }
    float* oo = out + o * cols;
    for (int64_t c = 0; c < cols; c++) oo[c] = static_cast<float>(a[c] * scale);
  }
}

void binary(BinaryOp op, const float* a, const float* b, float* out, const int64_t* dims,
            const int64_t* aStrides, const int64_t* bStrides) {
  switch (op) {
    case BinaryOp::Add: binaryT<BinaryOp::Add>(a, b, out, dims, aStrides, bStrides); break;
    case BinaryOp::Sub: binaryT<BinaryOp::Sub>(a, b, out, dims, aStrides, bStrides); break;
    case BinaryOp::Mul: binaryT<BinaryOp::Mul>(a, b, out, dims, aStrides, bStrides); break;
    case BinaryOp::Div: binaryT<BinaryOp::Div>(a, b, out, dims, aStrides, bStrides); break;
  }
}

void batchNorm(const float* x, const float* mean, int64_t meanSize, const float* variance,
               int64_t varSize, const float* offset, int64_t offsetSize, const float* scale,
               int64_t scaleSize, float* out, int64_t rows, int64_t channels, float epsilon) {
  // y = (x - mean) * scale / sqrt(var + eps) + offset, folded into y = x * k + m per channel.
  std::vector<float> k(channels), m(channels);
  for (int64_t c = 0; c < channels; c++) {
    const float mu = mean[meanSize == 1 ? 0 : c];
    const float v = variance[varSize == 1 ? 0 : c];
    const float g = scale == nullptr ? 1.f : scale[scaleSize == 1 ? 0 : c];
    const float b = offset == nullptr ? 0.f : offset[offsetSize == 1 ? 0 : c];
    const float inv = 1.f / std::sqrt(v + epsilon);
    k[c] = g * inv;
    m[c] = b - mu * g * inv;
  }
  channelAffine(x, out, k.data(), m.data(), rows, channels);
}

void centeredDot(const float* x, const float* dy, const float* mean, float* out, int64_t rows,
                 int64_t channels) {
  std::vector<double> acc(channels, 0.0);
  double* a = acc.data();
  for (int64_t r = 0; r < rows; r++) {
    const float* xr = x + r * channels;
    const float* gr = dy + r * channels;
    for (int64_t c = 0; c < channels; c++) a[c] += static_cast<double>(gr[c]) * (xr[c] - mean[c]);
  }
  for (int64_t c = 0; c < channels; c++) out[c] = static_cast<float>(a[c]);
}

void avgPoolGrad(const PoolShape& s, const float* dy, float* dx) {
  std::memset(dx, 0, s.n * s.h * s.w * s.c * sizeof(float));
  // tfjs divides by the full window size, padding included.
  const float inv = 1.f / static_cast<float>(s.kh * s.kw);
  for (int64_t b = 0; b < s.n; b++) {
    float* dxb = dx + b * s.h * s.w * s.c;
    for (int64_t oh = 0; oh < s.oh; oh++) {
      for (int64_t ow = 0; ow < s.ow; ow++) {
        const float* dyp = dy + ((b * s.oh + oh) * s.ow + ow) * s.c;
        for (int64_t kh = 0; kh < s.kh; kh++) {
          const int64_t ih = oh * s.sh + kh * s.dh - s.pt;
          if (ih < 0 || ih >= s.h) continue;
          for (int64_t kw = 0; kw < s.kw; kw++) {
            const int64_t iw = ow * s.sw + kw * s.dw - s.pl;
            if (iw < 0 || iw >= s.w) continue;
            float* dxp = dxb + (ih * s.w + iw) * s.c;
            for (int64_t c = 0; c < s.c; c++) dxp[c] += dyp[c] * inv;
          }
        }
      }
    }
  }
}

}  // namespace jars
