// Kernel entry points shared by the Node-API glue (addon.cc) and the implementations.
// Every kernel works on raw pointers into the tfjs wasm heap; shapes are NHWC float32.
#pragma once
#include <cstdint>

namespace jars {

enum class ConvKind { Forward = 0, BackwardData = 1, BackwardWeights = 2 };

// tfjs fused activations that map onto a oneDNN post-op (the rest fall back in JS).
enum class Activation { Linear = 0, Relu = 1, Relu6 = 2, LeakyRelu = 3, Sigmoid = 4, Elu = 5 };

struct ConvShape {
  int64_t n, h, w, c;     // input (NHWC)
  int64_t oh, ow, oc;     // output
  int64_t kh, kw;         // filter window
  int64_t sh, sw;         // strides
  int64_t dh, dw;         // dilations (tfjs convention: 1 = dense)
  int64_t pt, pl, pb, pr; // padding
  int64_t groups;         // 1 = dense conv, c = depthwise (filter [kh, kw, c, oc / c])
};

// Forward: src = x, wei = filter (HWIO or HW-C-M), bias may be null, dst = y.
// BackwardData: src = dy, wei = filter, dst = dx.
// BackwardWeights: src = x, wei = dy, dst = dfilter.
// Throws dnnl::error (or std::exception) when oneDNN rejects the shape.
void conv(ConvKind kind, const ConvShape& s, const float* src, const float* wei, const float* bias,
          float* dst, Activation act, float alpha);

void tile(const float* x, float* out, int rank, const int64_t* xShape, const int64_t* reps);

// out[o, c] = scale * sum_r x[(o * rows + r) * cols + c]: a reduction over one contiguous run
// of axes (the leading axes when outer = 1).
void sumMiddle(const float* x, float* out, int64_t outer, int64_t rows, int64_t cols, float scale);

enum class BinaryOp { Add = 0, Sub = 1, Mul = 2, Div = 3 };
// out[i0,i1,i2] = a[i0*as0 + i1*as1 + i2*as2] op b[...]; strides are 0 on broadcast axes.
void binary(BinaryOp op, const float* a, const float* b, float* out, const int64_t* dims,
            const int64_t* aStrides, const int64_t* bStrides);

// Per-channel batch norm over rows x channels; each parameter has 1 or `channels` values
// (its size is given; a null pointer means absent: offset 0, scale 1).
void batchNorm(const float* x, const float* mean, int64_t meanSize, const float* variance,
               int64_t varSize, const float* offset, int64_t offsetSize, const float* scale,
               int64_t scaleSize, float* out, int64_t rows, int64_t channels, float epsilon);

// out[c] = sum_r dy[r, c] * (x[r, c] - mean[c]): the one reduction BatchNorm's scale and
// variance gradients need.
void centeredDot(const float* x, const float* dy, const float* mean, float* out, int64_t rows,
                 int64_t channels);

struct PoolShape {
  int64_t n, h, w, c, oh, ow, kh, kw, sh, sw, dh, dw, pt, pl;
};
// y is the forward output (each window's maximum).
void maxPoolGrad(const PoolShape& s, const float* x, const float* y, const float* dy, float* dx);
void avgPoolGrad(const PoolShape& s, const float* dy, float* dx);

void setThreads(int threads);

// Row-major out[b] = op(A[b])·op(B[b]) (op: transpose when asked); a batch of 1 on one side
// broadcasts. oneDNN's matmul primitive, one cached plan per shape.
void matmul(const float* a, const float* b, float* out, int64_t batchA, int64_t batchB, int64_t m,
            int64_t n, int64_t k, bool transA, bool transB);

}  // namespace jars

namespace jars {

enum class OptimizerKind { Sgd = 0, Momentum = 1, Adam = 2, RmsProp = 3, Average = 4 };
struct OptimizerStep {
  OptimizerKind kind;
  double lr;
  double beta1;     // momentum (Momentum, RmsProp), β1 (Adam), EMA decay (Average)
  double beta2;     // β2 (Adam), decay ρ (RmsProp)
  double epsilon;
  double accBeta1;  // Adam: β1^t and β2^t as tfjs keeps them (float32)
  double accBeta2;
  double l2;           // added to the gradient: g + x·l2
  double decayFactor;  // decoupled weight decay: the new value times this (1 = none)
  bool nesterov;
};
// x, g: the variable and its gradient; s1/s2: the optimizer's slots (null when unused).
void optimizerStep(const OptimizerStep& o, const float* x, const float* g, const float* s1,
                   const float* s2, float* xOut, float* s1Out, float* s2Out, int64_t size);

// Batch norm in training over rows × channels: y, and the batch mean and (biased) variance.
void batchNormTrain(const float* x, const float* scale, const float* offset, float* y, float* mean,
                    float* variance, int64_t rows, int64_t ch, float epsilon);
// s1 = Σ dy, s2 = Σ dy·(x − mean) per channel.
void batchNormGradStats(const float* x, const float* dy, const float* mean, float* s1, float* s2,
                        int64_t rows, int64_t ch);
// The input gradient of batchNormTrain's y, through the batch statistics.
void batchNormGradInput(const float* x, const float* dy, const float* mean, const float* variance,
                        const float* scale, const float* s1, const float* s2, float* dx,
                        int64_t rows, int64_t ch, float epsilon);

// y[r, c] = x[r, c] * gain[c] + shift[c] over rows × channels (batch norm folded per channel).
inline void channelAffine(const float* x, float* y, const float* gain, const float* shift, int64_t rows,
                          int64_t channels) {
  for (int64_t r = 0; r < rows; r++) {
    const float* xr = x + r * channels;
    float* yr = y + r * channels;
    for (int64_t c = 0; c < channels; c++) yr[c] = xr[c] * gain[c] + shift[c];
  }
}

}  // namespace jars
