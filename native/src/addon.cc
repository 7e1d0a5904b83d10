// Node-API glue. Each kernel takes the wasm heap (an ArrayBuffer: tfjs-backend-wasm's memory)
// and a Float64Array of parameters (byte offsets into the heap, shapes, attributes), so that a
// call allocates nothing on the JS side. Offsets are checked against the heap before any access.
#include <node_api.h>

#include <cstdlib>
#include <exception>
#include <string>

#include <oneapi/dnnl/dnnl.hpp>

#include "kernels.h"

namespace {

struct Call {
  napi_env env;
  uint8_t* heap = nullptr;
  size_t heapBytes = 0;
  double* p = nullptr;
  size_t count = 0;
};

bool throwError(napi_env env, const std::string& message) {
  napi_throw_error(env, "JARS_NATIVE", message.c_str());
  return false;
}

bool readCall(napi_env env, napi_callback_info info, size_t minParams, Call& call) {
  size_t argc = 2;
  napi_value argv[2];
  call.env = env;
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc < 2) {
    return throwError(env, "expected (heap: ArrayBuffer, params: Float64Array)");
  }
  void* data = nullptr;
  bool isBuffer = false;
  napi_is_arraybuffer(env, argv[0], &isBuffer);
  if (!isBuffer || napi_get_arraybuffer_info(env, argv[0], &data, &call.heapBytes) != napi_ok) {
    return throwError(env, "heap must be an ArrayBuffer");
  }
  call.heap = static_cast<uint8_t*>(data);
  napi_typedarray_type type;
  void* pdata = nullptr;
  if (napi_get_typedarray_info(env, argv[1], &type, &call.count, &pdata, nullptr, nullptr) != napi_ok ||
      type != napi_float64_array) {
    return throwError(env, "params must be a Float64Array");
  }
  call.p = static_cast<double*>(pdata);
  if (call.count < minParams) return throwError(env, "too few params");
  return true;
}

int64_t i64(const Call& c, size_t i) { return static_cast<int64_t>(c.p[i]); }

// A float pointer into the heap for `floats` values at byte offset p[i]; null when the offset
// is negative (an absent optional input). Throws (returns false) when out of bounds.
bool heapFloats(Call& c, size_t i, int64_t floats, float*& out, bool optional = false) {
  const int64_t off = i64(c, i);
  if (off < 0 && optional) {
    out = nullptr;
    return true;
  }
  if (off < 0 || floats < 0 || off % 4 != 0 ||
      static_cast<uint64_t>(off) + static_cast<uint64_t>(floats) * 4 > c.heapBytes) {
    return throwError(c.env, "tensor outside the wasm heap (param " + std::to_string(i) + ")");
  }
  out = reinterpret_cast<float*>(c.heap + off);
  return true;
}

napi_value boolean(napi_env env, bool value) {
  napi_value v;
  napi_get_boolean(env, value, &v);
  return v;
}

template <typename F>
napi_value guarded(napi_env env, F&& body) {
  try {
    body();
  } catch (const dnnl::error& e) {
    throwError(env, std::string("oneDNN: ") + e.what());
  } catch (const std::exception& e) {
    throwError(env, e.what());
  }
  return boolean(env, true);
}

// [kind, n,h,w,c, oh,ow,oc, kh,kw, sh,sw, dh,dw, pt,pl,pb,pr, groups, act, alpha,
//  srcOff, weiOff, biasOff, dstOff]
napi_value Conv(napi_env env, napi_callback_info info) {
  Call c;
  if (!readCall(env, info, 25, c)) return nullptr;
  jars::ConvShape s{i64(c, 1),  i64(c, 2),  i64(c, 3),  i64(c, 4),  i64(c, 5),  i64(c, 6),
                    i64(c, 7),  i64(c, 8),  i64(c, 9),  i64(c, 10), i64(c, 11), i64(c, 12),
                    i64(c, 13), i64(c, 14), i64(c, 15), i64(c, 16), i64(c, 17), i64(c, 18)};
  const auto kind = static_cast<jars::ConvKind>(i64(c, 0));
  const int64_t xSize = s.n * s.h * s.w * s.c, ySize = s.n * s.oh * s.ow * s.oc;
  const int64_t wSize = s.kh * s.kw * s.c * (s.groups == 1 ? s.oc : s.oc / s.groups);
  int64_t srcSize = xSize, weiSize = wSize, dstSize = ySize;
  if (kind == jars::ConvKind::BackwardData) srcSize = ySize, dstSize = xSize;
  if (kind == jars::ConvKind::BackwardWeights) weiSize = ySize, dstSize = wSize;
  float *src, *wei, *bias, *dst;
  if (!heapFloats(c, 21, srcSize, src) || !heapFloats(c, 22, weiSize, wei) ||
      !heapFloats(c, 23, s.oc, bias, true) || !heapFloats(c, 24, dstSize, dst)) {
    return nullptr;
  }
  return guarded(env, [&] {
    jars::conv(kind, s, src, wei, bias, dst, static_cast<jars::Activation>(i64(c, 19)),
               static_cast<float>(c.p[20]));
  });
}

// [xOff, outOff, rank, xShape..., reps...]
napi_value Tile(napi_env env, napi_callback_info info) {
  Call c;
  if (!readCall(env, info, 3, c)) return nullptr;
  const int rank = static_cast<int>(i64(c, 2));
  if (rank < 1 || rank > 8 || c.count < 3 + 2 * static_cast<size_t>(rank)) {
    throwError(env, "tile: bad rank");
    return nullptr;
  }
  int64_t shape[8], reps[8], inSize = 1, outSize = 1;
  for (int d = 0; d < rank; d++) {
    shape[d] = i64(c, 3 + d);
    reps[d] = i64(c, 3 + rank + d);
    inSize *= shape[d];
    outSize *= shape[d] * reps[d];
  }
  float *x, *out;
  if (!heapFloats(c, 0, inSize, x) || !heapFloats(c, 1, outSize, out)) return nullptr;
  return guarded(env, [&] { jars::tile(x, out, rank, shape, reps); });
}

// [xOff, outOff, outer, rows, cols, scale]
napi_value SumMiddle(napi_env env, napi_callback_info info) {
  Call c;
  if (!readCall(env, info, 6, c)) return nullptr;
  const int64_t outer = i64(c, 2), rows = i64(c, 3), cols = i64(c, 4);
  float *x, *out;
  if (!heapFloats(c, 0, outer * rows * cols, x) || !heapFloats(c, 1, outer * cols, out)) return nullptr;
  return guarded(env, [&] { jars::sumMiddle(x, out, outer, rows, cols, static_cast<float>(c.p[5])); });
}

// [op, aOff, bOff, outOff, d0, d1, d2, as0, as1, as2, bs0, bs1, bs2]
napi_value Binary(napi_env env, napi_callback_info info) {
  Call c;
  if (!readCall(env, info, 13, c)) return nullptr;
  const int64_t d[3] = {i64(c, 4), i64(c, 5), i64(c, 6)};
  const int64_t as[3] = {i64(c, 7), i64(c, 8), i64(c, 9)};
  const int64_t bs[3] = {i64(c, 10), i64(c, 11), i64(c, 12)};
  auto extent = [&](const int64_t* st) {
    int64_t last = 0;
    for (int k = 0; k < 3; k++) last += (d[k] - 1) * st[k];
    return last + 1;
  };
  float *a, *b, *out;
  if (!heapFloats(c, 1, extent(as), a) || !heapFloats(c, 2, extent(bs), b) ||
      !heapFloats(c, 3, d[0] * d[1] * d[2], out)) {
    return nullptr;
  }
  return guarded(env, [&] { jars::binary(static_cast<jars::BinaryOp>(i64(c, 0)), a, b, out, d, as, bs); });
}

// [xOff, meanOff, meanSize, varOff, varSize, offsetOff, offsetSize, scaleOff, scaleSize,
//  outOff, rows, channels, epsilon]
napi_value BatchNorm(napi_env env, napi_callback_info info) {
  Call c;
  if (!readCall(env, info, 13, c)) return nullptr;
  const int64_t rows = i64(c, 10), ch = i64(c, 11);
  float *x, *mean, *var, *offset, *scale, *out;
  if (!heapFloats(c, 0, rows * ch, x) || !heapFloats(c, 1, i64(c, 2), mean) ||
      !heapFloats(c, 3, i64(c, 4), var) || !heapFloats(c, 5, i64(c, 6), offset, true) ||
      !heapFloats(c, 7, i64(c, 8), scale, true) || !heapFloats(c, 9, rows * ch, out)) {
    return nullptr;
  }
  return guarded(env, [&] {
    jars::batchNorm(x, mean, i64(c, 2), var, i64(c, 4), offset, i64(c, 6), scale, i64(c, 8), out,
                    rows, ch, static_cast<float>(c.p[12]));
  });
}

// [xOff, dyOff, meanOff, outOff, rows, channels]
napi_value CenteredDot(napi_env env, napi_callback_info info) {
  Call c;
  if (!readCall(env, info, 6, c)) return nullptr;
  const int64_t rows = i64(c, 4), ch = i64(c, 5);
  float *x, *dy, *mean, *out;
  if (!heapFloats(c, 0, rows * ch, x) || !heapFloats(c, 1, rows * ch, dy) || !heapFloats(c, 2, ch, mean) ||
      !heapFloats(c, 3, ch, out)) {
    return nullptr;
  }
  return guarded(env, [&] { jars::centeredDot(x, dy, mean, out, rows, ch); });
}

bool readPool(Call& c, jars::PoolShape& s) {
  s = jars::PoolShape{i64(c, 0), i64(c, 1), i64(c, 2),  i64(c, 3),  i64(c, 4),  i64(c, 5),  i64(c, 6),
                      i64(c, 7), i64(c, 8), i64(c, 9), i64(c, 10), i64(c, 11), i64(c, 12), i64(c, 13)};
  return true;
}

// [n,h,w,c, oh,ow, kh,kw, sh,sw, dh,dw, pt,pl, xOff, dyOff, dxOff, yOff]
napi_value MaxPoolGrad(napi_env env, napi_callback_info info) {
  Call c;
  jars::PoolShape s;
  if (!readCall(env, info, 18, c) || !readPool(c, s)) return nullptr;
  float *x, *dy, *dx, *y;
  if (!heapFloats(c, 14, s.n * s.h * s.w * s.c, x) || !heapFloats(c, 15, s.n * s.oh * s.ow * s.c, dy) ||
      !heapFloats(c, 16, s.n * s.h * s.w * s.c, dx) || !heapFloats(c, 17, s.n * s.oh * s.ow * s.c, y)) {
    return nullptr;
  }
  return guarded(env, [&] { jars::maxPoolGrad(s, x, y, dy, dx); });
}

// [n,h,w,c, oh,ow, kh,kw, sh,sw, dh,dw, pt,pl, dyOff, dxOff]
napi_value AvgPoolGrad(napi_env env, napi_callback_info info) {
  Call c;
  jars::PoolShape s;
  if (!readCall(env, info, 16, c) || !readPool(c, s)) return nullptr;
  float *dy, *dx;
  if (!heapFloats(c, 14, s.n * s.oh * s.ow * s.c, dy) || !heapFloats(c, 15, s.n * s.h * s.w * s.c, dx)) {
    return nullptr;
  }
  return guarded(env, [&] { jars::avgPoolGrad(s, dy, dx); });
}

// [aOff, bOff, outOff, batchA, batchB, m, n, k, transA, transB]
napi_value MatMul(napi_env env, napi_callback_info info) {
  Call c;
  if (!readCall(env, info, 10, c)) return nullptr;
  const int64_t ba = i64(c, 3), bb = i64(c, 4), m = i64(c, 5), n = i64(c, 6), k = i64(c, 7);
  if (ba < 1 || bb < 1 || (ba != bb && ba != 1 && bb != 1) || m < 0 || n < 0 || k < 0) {
    throwError(env, "matmul: bad shape");
    return nullptr;
  }
  float *a, *b, *out;
  if (!heapFloats(c, 0, ba * m * k, a) || !heapFloats(c, 1, bb * k * n, b) ||
      !heapFloats(c, 2, (ba > bb ? ba : bb) * m * n, out)) {
    return nullptr;
  }
  return guarded(env, [&] { jars::matmul(a, b, out, ba, bb, m, n, k, i64(c, 8) != 0, i64(c, 9) != 0); });
}

// [kind, lr, beta1, beta2, epsilon, accBeta1, accBeta2, l2, decayFactor, nesterov, size,
//  xOff, gOff, s1Off, s2Off, xOutOff, s1OutOff, s2OutOff]  (unused slots: offset -1)
napi_value OptimizerStep(napi_env env, napi_callback_info info) {
  Call c;
  if (!readCall(env, info, 18, c)) return nullptr;
  const auto kind = static_cast<jars::OptimizerKind>(i64(c, 0));
  if (i64(c, 0) < 0 || i64(c, 0) > 4) {
    throwError(env, "optimizerStep: unknown kind");
    return nullptr;
  }
  const jars::OptimizerStep o{kind, c.p[1], c.p[2], c.p[3], c.p[4], c.p[5], c.p[6], c.p[7], c.p[8], i64(c, 9) != 0};
  const int64_t size = i64(c, 10);
  const bool needsS1 = kind != jars::OptimizerKind::Sgd;
  const bool needsS2 = kind == jars::OptimizerKind::Adam || kind == jars::OptimizerKind::RmsProp;
  const bool writesX = kind != jars::OptimizerKind::Average;
  float *x, *g, *s1, *s2, *xOut, *s1Out, *s2Out;
  if (!heapFloats(c, 11, size, x) || !heapFloats(c, 12, size, g, !writesX) ||
      !heapFloats(c, 13, size, s1, !needsS1) || !heapFloats(c, 14, size, s2, !needsS2) ||
      !heapFloats(c, 15, size, xOut, !writesX) || !heapFloats(c, 16, size, s1Out, !needsS1) ||
      !heapFloats(c, 17, size, s2Out, !needsS2)) {
    return nullptr;
  }
  if ((needsS1 && (s1 == nullptr || s1Out == nullptr)) || (needsS2 && (s2 == nullptr || s2Out == nullptr)) ||
      (writesX && (g == nullptr || xOut == nullptr))) {
    throwError(env, "optimizerStep: missing slot");
    return nullptr;
  }
  return guarded(env, [&] { jars::optimizerStep(o, x, g, s1, s2, xOut, s1Out, s2Out, size); });
}

// [xOff, scaleOff, offsetOff, yOff, meanOff, varOff, rows, channels, epsilon]
napi_value BatchNormTrain(napi_env env, napi_callback_info info) {
  Call c;
  if (!readCall(env, info, 9, c)) return nullptr;
  const int64_t rows = i64(c, 6), ch = i64(c, 7);
  float *x, *scale, *offset, *y, *mean, *var;
  if (rows < 1 || !heapFloats(c, 0, rows * ch, x) || !heapFloats(c, 1, ch, scale) || !heapFloats(c, 2, ch, offset) ||
      !heapFloats(c, 3, rows * ch, y) || !heapFloats(c, 4, ch, mean) || !heapFloats(c, 5, ch, var)) {
    if (rows < 1) throwError(env, "batchNormTrain: no rows");
    return nullptr;
  }
  return guarded(env, [&] { jars::batchNormTrain(x, scale, offset, y, mean, var, rows, ch, static_cast<float>(c.p[8])); });
}

// [xOff, dyOff, meanOff, s1Off, s2Off, rows, channels]
napi_value BatchNormGradStats(napi_env env, napi_callback_info info) {
  Call c;
  if (!readCall(env, info, 7, c)) return nullptr;
  const int64_t rows = i64(c, 5), ch = i64(c, 6);
  float *x, *dy, *mean, *s1, *s2;
  if (!heapFloats(c, 0, rows * ch, x) || !heapFloats(c, 1, rows * ch, dy) || !heapFloats(c, 2, ch, mean) ||
      !heapFloats(c, 3, ch, s1) || !heapFloats(c, 4, ch, s2)) {
    return nullptr;
  }
  return guarded(env, [&] { jars::batchNormGradStats(x, dy, mean, s1, s2, rows, ch); });
}

// [xOff, dyOff, meanOff, varOff, scaleOff, s1Off, s2Off, dxOff, rows, channels, epsilon]
napi_value BatchNormGradInput(napi_env env, napi_callback_info info) {
  Call c;
  if (!readCall(env, info, 11, c)) return nullptr;
  const int64_t rows = i64(c, 8), ch = i64(c, 9);
  float *x, *dy, *mean, *var, *scale, *s1, *s2, *dx;
  if (rows < 1 || !heapFloats(c, 0, rows * ch, x) || !heapFloats(c, 1, rows * ch, dy) || !heapFloats(c, 2, ch, mean) ||
      !heapFloats(c, 3, ch, var) || !heapFloats(c, 4, ch, scale) || !heapFloats(c, 5, ch, s1) ||
      !heapFloats(c, 6, ch, s2) || !heapFloats(c, 7, rows * ch, dx)) {
    if (rows < 1) throwError(env, "batchNormGradInput: no rows");
    return nullptr;
  }
  return guarded(env, [&] {
    jars::batchNormGradInput(x, dy, mean, var, scale, s1, s2, dx, rows, ch, static_cast<float>(c.p[10]));
  });
}

napi_value SetThreads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int32_t threads = 1;
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) == napi_ok && argc == 1) {
    napi_get_value_int32(env, argv[0], &threads);
  }
  jars::setThreads(threads);
  return boolean(env, true);
}

napi_value Init(napi_env env, napi_value exports) {
  // One thread unless asked otherwise: on a 2-core VM two oneDNN threads in one process gained
  // nothing (wake-up stalls), two worker processes at one thread each use both cores.
  const char* env_threads = std::getenv("JARS_NATIVE_THREADS");
  jars::setThreads(env_threads != nullptr ? std::atoi(env_threads) : 1);
  const struct {
    const char* name;
    napi_callback fn;
  } fns[] = {{"conv", Conv},           {"tile", Tile},
             {"sumMiddle", SumMiddle}, {"binary", Binary},
             {"batchNorm", BatchNorm},   {"centeredDot", CenteredDot},   {"maxPoolGrad", MaxPoolGrad},
             {"avgPoolGrad", AvgPoolGrad}, {"setThreads", SetThreads},
             {"matmul", MatMul},           {"optimizerStep", OptimizerStep},
             {"batchNormTrain", BatchNormTrain}, {"batchNormGradStats", BatchNormGradStats},
             {"batchNormGradInput", BatchNormGradInput}};
  for (const auto& f : fns) {
    napi_value value;
    napi_create_function(env, f.name, NAPI_AUTO_LENGTH, f.fn, nullptr, &value);
    napi_set_named_property(env, exports, f.name, value);
  }
  const dnnl_version_t* v = dnnl_version();
  const std::string version = std::to_string(v->major) + "." + std::to_string(v->minor) + "." +
                              std::to_string(v->patch);
  napi_value ver;
  napi_create_string_utf8(env, version.c_str(), NAPI_AUTO_LENGTH, &ver);
  napi_set_named_property(env, exports, "onednnVersion", ver);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
