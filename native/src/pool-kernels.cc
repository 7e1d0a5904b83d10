// MaxPool's input gradient on NHWC float32. Each output cell sends its gradient to the first
// cell of its window (raster order) that holds the window's maximum, as tfjs's cpu kernel and
// TensorFlow do; the maximum is the forward output y, so no argmax pass over x is needed.
//
// The channel loop runs in fixed-width blocks so the compiler keeps a block's y, dy and
// "already routed" mask in vector registers while it walks the window: the earlier version,
// with a runtime-length inner loop per window cell, spent most of its time in loop set-up
// and alias checks (~4× the forward pass on cnn3's 64×28×28×16 → 2×2 pool).
#include <cstring>
#include <vector>

#include "kernels.h"

namespace jars {
namespace {

// One window, channels [0, V) of a block: x/dx point at the window's origin plus the block's
// first channel, off lists the window's cells inside the image (raster order). GCC vector
// types (lowered to whatever the target has) keep the block in registers across the window.
template <int V, bool Accumulate>
inline void routeWindow(const float* x, const float* y, const float* dy, float* dx,
                        const int64_t* off, int cells) {
  typedef float F __attribute__((vector_size(V * 4)));
  typedef int32_t I __attribute__((vector_size(V * 4)));
  F yv, g;
  std::memcpy(&yv, y, sizeof(F));
  std::memcpy(&g, dy, sizeof(F));
  I open = ~I{};
  for (int k = 0; k < cells; k++) {
    F xv;
    std::memcpy(&xv, x + off[k], sizeof(F));
    // The gradient's bits where hit, zero elsewhere: a select, so an infinite gradient cannot
    // turn the other cells into NaN.
    const I hit = (xv == yv) & open;
    F v = reinterpret_cast<F>(reinterpret_cast<I>(g) & hit);
    if constexpr (Accumulate) {
      F d;
      std::memcpy(&d, dx + off[k], sizeof(F));
      v += d;
    }
    std::memcpy(dx + off[k], &v, sizeof(F));
    open &= ~hit;
  }
}

template <bool Accumulate>
inline void routeScalar(const float* x, const float* y, const float* dy, float* dx,
                        const int64_t* off, int cells) {
  for (int k = 0; k < cells; k++) {
    if (x[off[k]] == *y) {
      if constexpr (Accumulate) {
        dx[off[k]] += *dy;
      } else {
        dx[off[k]] = *dy;
      }
      for (k++; k < cells; k++) {
        if constexpr (!Accumulate) dx[off[k]] = 0.f;
      }
      return;
    }
    if constexpr (!Accumulate) dx[off[k]] = 0.f;
  }
}

template <bool Accumulate>
inline void routeChannels(const float* x, const float* y, const float* dy, float* dx,
                          const int64_t* off, int cells, int64_t channels) {
  int64_t c = 0;
  for (; c + 16 <= channels; c += 16)
    routeWindow<16, Accumulate>(x + c, y + c, dy + c, dx + c, off, cells);
  for (; c + 4 <= channels; c += 4)
    routeWindow<4, Accumulate>(x + c, y + c, dy + c, dx + c, off, cells);
  for (; c < channels; c++) routeScalar<Accumulate>(x + c, y + c, dy + c, dx + c, off, cells);
}

template <bool Tiled>
void maxPoolGradT(const PoolShape& s, const float* x, const float* y, const float* dy, float* dx) {
  const int64_t image = s.h * s.w * s.c;
  // Cell offsets of a window that lies wholly inside the image, relative to its origin.
  std::vector<int64_t> inner, clipped;
  for (int64_t kh = 0; kh < s.kh; kh++)
    for (int64_t kw = 0; kw < s.kw; kw++) inner.push_back((kh * s.dh * s.w + kw * s.dw) * s.c);
  clipped.reserve(inner.size());
  const int fullCells = static_cast<int>(inner.size());
  for (int64_t b = 0; b < s.n; b++) {
    const float* xb = x + b * image;
    float* dxb = dx + b * image;
    for (int64_t oh = 0; oh < s.oh; oh++) {
      const int64_t ih0 = oh * s.sh - s.pt;
      const bool rowInside = ih0 >= 0 && ih0 + (s.kh - 1) * s.dh < s.h;
      for (int64_t ow = 0; ow < s.ow; ow++) {
        const int64_t iw0 = ow * s.sw - s.pl;
        const int64_t o = ((b * s.oh + oh) * s.ow + ow) * s.c;
        if (rowInside && iw0 >= 0 && iw0 + (s.kw - 1) * s.dw < s.w) {
          const int64_t at = (ih0 * s.w + iw0) * s.c;
          routeChannels<!Tiled>(xb + at, y + o, dy + o, dxb + at, inner.data(), fullCells, s.c);
          continue;
        }
        // A window crossing the padding: its cells inside the image, offsets from the image
        // origin (only the padded, overlapping path gets here).
        clipped.clear();
        for (int64_t kh = 0; kh < s.kh; kh++) {
          const int64_t ih = ih0 + kh * s.dh;
          if (ih < 0 || ih >= s.h) continue;
          for (int64_t kw = 0; kw < s.kw; kw++) {
            const int64_t iw = iw0 + kw * s.dw;
            if (iw >= 0 && iw < s.w) clipped.push_back((ih * s.w + iw) * s.c);
          }
        }
        routeChannels<!Tiled>(xb, y + o, dy + o, dxb, clipped.data(),
                              static_cast<int>(clipped.size()), s.c);
      }
    }
  }
}

}  // namespace

void maxPoolGrad(const PoolShape& s, const float* x, const float* y, const float* dy, float* dx) {
  // Non-overlapping windows without padding (the usual 2×2, stride 2): every input cell lies
  // in at most one window, so dx is written once per covered cell instead of zeroed and then
  // accumulated; only the rows and columns past the last window are zeroed.
  const bool tiled = s.kh == s.sh && s.kw == s.sw && s.dh == 1 && s.dw == 1 && s.pt == 0 &&
                     s.pl == 0 && s.oh * s.kh <= s.h && s.ow * s.kw <= s.w;
  if (!tiled) {
    std::memset(dx, 0, s.n * s.h * s.w * s.c * sizeof(float));
    maxPoolGradT<false>(s, x, y, dy, dx);
    return;
  }
  const int64_t covH = s.oh * s.kh, covW = s.ow * s.kw;
  for (int64_t b = 0; b < s.n; b++) {
    float* dxb = dx + b * s.h * s.w * s.c;
    for (int64_t ih = 0; ih < s.h; ih++) {
      const int64_t from = ih < covH ? covW : 0;
      if (from < s.w) std::memset(dxb + (ih * s.w + from) * s.c, 0, (s.w - from) * s.c * sizeof(float));
    }
  }
  maxPoolGradT<true>(s, x, y, dy, dx);
}

}  // namespace jars
