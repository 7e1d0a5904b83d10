// oneDNN convolutions on NHWC float32 tensors that live in the tfjs wasm heap.
// A plan (primitive + the reorders around it) is built once per shape and reused: building a
// oneDNN primitive costs far more than running it on the small tensors a search trains.
#include <array>
#include <cstring>
#include <map>
#include <unordered_map>
#include <vector>
#include <algorithm>
#include <memory>
#include <stdexcept>
#include <omp.h>

#include <oneapi/dnnl/dnnl.hpp>

#include "dnnl-context.h"
#include "kernels.h"

namespace jars {

dnnl::engine& cpuEngine() {
  static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

dnnl::stream& cpuStream() {
  static dnnl::stream stream(cpuEngine());
  return stream;
}

namespace {

using dnnl::memory;
using Dims = memory::dims;

// One cached convolution: the primitive, plus the filter-layout reorder it needs. The filter is
// given (or wanted) in tfjs's HWIO order; oneDNN picks its own blocked layout for speed.
struct Plan {
  dnnl::primitive prim;
  memory act;        // src (fwd / bwd-weights) or diff_dst (bwd-data), wraps a heap pointer
  memory out;        // dst (fwd), diff_src (bwd-data)
  memory dyMem;      // diff_dst for bwd-weights
  memory bias;       // forward bias (may be empty)
  memory userWei;    // filter in tfjs layout, wraps a heap pointer
  memory primWei;    // filter in the primitive's layout (owned) when it differs
  bool reorderWei = false;
  dnnl::reorder weiReorder;
  bool hasBias = false;
};

using Key = std::array<int64_t, 22>;
std::map<Key, std::unique_ptr<Plan>> plans;
constexpr size_t kMaxPlans = 1024;

memory::desc nhwc(int64_t n, int64_t c, int64_t h, int64_t w) {
  return memory::desc({n, c, h, w}, memory::data_type::f32, memory::format_tag::nhwc);
}

// The filter as tfjs stores it: [kh, kw, in, out] dense, [kh, kw, c, mult] depthwise.
memory::desc userFilter(const ConvShape& s) {
  if (s.groups == 1) {
    return memory::desc({s.oc, s.c, s.kh, s.kw}, memory::data_type::f32,
                        Dims{1, s.oc, s.kw * s.c * s.oc, s.c * s.oc});
  }
  const int64_t mult = s.oc / s.groups;
  return memory::desc({s.groups, mult, 1, s.kh, s.kw}, memory::data_type::f32,
                      Dims{mult, 1, mult, s.kw * s.c * mult, s.c * mult});
}

memory::desc anyFilter(const ConvShape& s) {
  if (s.groups == 1) {
    return memory::desc({s.oc, s.c, s.kh, s.kw}, memory::data_type::f32, memory::format_tag::any);
  }
  return memory::desc({s.groups, s.oc / s.groups, 1, s.kh, s.kw}, memory::data_type::f32,
                      memory::format_tag::any);
}

dnnl::convolution_forward::primitive_desc forwardDesc(const ConvShape& s, bool withBias,
                                                      Activation act, float alpha) {
  const Dims strides{s.sh, s.sw}, dil{s.dh - 1, s.dw - 1}, padL{s.pt, s.pl}, padR{s.pb, s.pr};
  const auto src = nhwc(s.n, s.c, s.h, s.w), dst = nhwc(s.n, s.oc, s.oh, s.ow);
  const auto algo = dnnl::algorithm::convolution_direct;
  const auto prop = dnnl::prop_kind::forward_training;
  auto desc = withBias
      ? dnnl::convolution_forward::desc(prop, algo, src, anyFilter(s),
                                        memory::desc({s.oc}, memory::data_type::f32, memory::format_tag::a),
                                        dst, strides, dil, padL, padR)
      : dnnl::convolution_forward::desc(prop, algo, src, anyFilter(s), dst, strides, dil, padL, padR);
  dnnl::post_ops ops;
  switch (act) {
    case Activation::Linear: break;
    case Activation::Relu: ops.append_eltwise(1.f, dnnl::algorithm::eltwise_relu, 0.f, 0.f); break;
    case Activation::LeakyRelu: ops.append_eltwise(1.f, dnnl::algorithm::eltwise_relu, alpha, 0.f); break;
    case Activation::Relu6: ops.append_eltwise(1.f, dnnl::algorithm::eltwise_clip, 0.f, 6.f); break;
    case Activation::Sigmoid: ops.append_eltwise(1.f, dnnl::algorithm::eltwise_logistic, 0.f, 0.f); break;
    case Activation::Elu: ops.append_eltwise(1.f, dnnl::algorithm::eltwise_elu, 1.f, 0.f); break;
  }
  dnnl::primitive_attr attr;
  attr.set_post_ops(ops);
  return dnnl::convolution_forward::primitive_desc(desc, attr, cpuEngine());
}

void prepareFilter(Plan& p, const ConvShape& s, const memory::desc& primWeiDesc) {
  p.userWei = memory(userFilter(s), cpuEngine(), nullptr);
  p.reorderWei = primWeiDesc != p.userWei.get_desc();
  if (p.reorderWei) {
    p.primWei = memory(primWeiDesc, cpuEngine());
  }
}

std::unique_ptr<Plan> makePlan(ConvKind kind, const ConvShape& s, bool withBias, Activation act,
                               float alpha) {
  auto p = std::make_unique<Plan>();
  auto& eng = cpuEngine();
  const Dims strides{s.sh, s.sw}, dil{s.dh - 1, s.dw - 1}, padL{s.pt, s.pl}, padR{s.pb, s.pr};
  const auto algo = dnnl::algorithm::convolution_direct;
  if (kind == ConvKind::Forward) {
    auto pd = forwardDesc(s, withBias, act, alpha);
    p->prim = dnnl::convolution_forward(pd);
    p->act = memory(pd.src_desc(), eng, nullptr);
    p->out = memory(pd.dst_desc(), eng, nullptr);
    p->hasBias = withBias;
    if (withBias) p->bias = memory(pd.bias_desc(), eng, nullptr);
    prepareFilter(*p, s, pd.weights_desc());
    if (p->reorderWei) p->weiReorder = dnnl::reorder(p->userWei, p->primWei);
  } else if (kind == ConvKind::BackwardData) {
    auto hint = forwardDesc(s, false, Activation::Linear, 0.f);
    dnnl::convolution_backward_data::desc desc(algo, nhwc(s.n, s.c, s.h, s.w), anyFilter(s),
                                               nhwc(s.n, s.oc, s.oh, s.ow), strides, dil, padL, padR);
    dnnl::convolution_backward_data::primitive_desc pd(desc, eng, hint);
    p->prim = dnnl::convolution_backward_data(pd);
    p->act = memory(pd.diff_dst_desc(), eng, nullptr);
    p->out = memory(pd.diff_src_desc(), eng, nullptr);
    prepareFilter(*p, s, pd.weights_desc());
    if (p->reorderWei) p->weiReorder = dnnl::reorder(p->userWei, p->primWei);
  } else {
    auto hint = forwardDesc(s, false, Activation::Linear, 0.f);
    dnnl::convolution_backward_weights::desc desc(algo, nhwc(s.n, s.c, s.h, s.w), anyFilter(s),
                                                  nhwc(s.n, s.oc, s.oh, s.ow), strides, dil, padL, padR);
    dnnl::convolution_backward_weights::primitive_desc pd(desc, eng, hint);
    p->prim = dnnl::convolution_backward_weights(pd);
    p->act = memory(pd.src_desc(), eng, nullptr);
    p->dyMem = memory(pd.diff_dst_desc(), eng, nullptr);
    prepareFilter(*p, s, pd.diff_weights_desc());
    // Here the primitive writes its own layout and the reorder goes back to tfjs's HWIO.
    if (p->reorderWei) p->weiReorder = dnnl::reorder(p->primWei, p->userWei);
  }
  return p;
}

// dx of a dense conv with few input channels (the first layer: 1 or 3), where oneDNN's
// backward-data kernel was the slowest convolution of a cnn3 step (2.7 ms of ~10 for a
// 64×28×28 batch, although tfjs computes this dx only to discard it). Direct form: each dx
// cell gathers the dy cells whose windows cover it; the inner dot product runs over the
// contiguous output channels.
void backwardDataFewChannels(const ConvShape& s, const float* dy, const float* w, float* dx) {
  // Per-(channel, output-channel) partial products accumulate over the taps in vector form;
  // each dx value is one horizontal sum at the end, not one per tap.
  std::vector<float> part(s.c * s.oc);
  float* pp = part.data();
  for (int64_t b = 0; b < s.n; b++) {
    for (int64_t ih = 0; ih < s.h; ih++) {
      for (int64_t iw = 0; iw < s.w; iw++) {
        std::fill(part.begin(), part.end(), 0.f);
        for (int64_t kh = 0; kh < s.kh; kh++) {
          // Integer division by a runtime stride costs more than the taps: skip it at stride 1.
          const int64_t th = ih + s.pt - kh * s.dh;
          if (th < 0 || (s.sh != 1 && th % s.sh != 0)) continue;
          const int64_t oh = s.sh == 1 ? th : th / s.sh;
          if (oh >= s.oh) continue;
          for (int64_t kw = 0; kw < s.kw; kw++) {
            const int64_t tw = iw + s.pl - kw * s.dw;
            if (tw < 0 || (s.sw != 1 && tw % s.sw != 0)) continue;
            const int64_t ow = s.sw == 1 ? tw : tw / s.sw;
            if (ow >= s.ow) continue;
            const float* g = dy + ((b * s.oh + oh) * s.ow + ow) * s.oc;
            const float* wk = w + (kh * s.kw + kw) * s.c * s.oc;
            if (s.oc % 16 == 0) {
              // Fixed 16-wide blocks compile to single vector FMAs without loop bookkeeping,
              // which otherwise dominated these short (16–64) loops.
              float* pc = pp;
              const float* wc = wk;
              for (int64_t c = 0; c < s.c; c++) {
                for (int64_t o = 0; o < s.oc; o += 16, pc += 16, wc += 16) {
                  for (int j = 0; j < 16; j++) pc[j] += g[o + j] * wc[j];
                }
              }
            } else {
              for (int64_t c = 0; c < s.c; c++) {
                float* pc = pp + c * s.oc;
                const float* wc = wk + c * s.oc;
                for (int64_t o = 0; o < s.oc; o++) pc[o] += g[o] * wc[o];
              }
            }
          }
        }
        float* out = dx + ((b * s.h + ih) * s.w + iw) * s.c;
        for (int64_t c = 0; c < s.c; c++) {
          const float* pc = pp + c * s.oc;
          float acc = 0.f;
#pragma omp simd reduction(+ : acc)
          for (int64_t o = 0; o < s.oc; o++) acc += pc[o];
          out[c] = acc;
        }
      }
    }
  }
}

}  // namespace

void setThreads(int threads) { omp_set_num_threads(threads < 1 ? 1 : threads); }

void conv(ConvKind kind, const ConvShape& s, const float* src, const float* wei, const float* bias,
          float* dst, Activation act, float alpha) {
  if (kind == ConvKind::BackwardData && s.groups == 1 && s.c <= 4) {
    backwardDataFewChannels(s, src, wei, dst);
    return;
  }
  const bool withBias = kind == ConvKind::Forward && bias != nullptr;
  int32_t alphaBits;
  std::memcpy(&alphaBits, &alpha, sizeof alphaBits);
  const Key key{static_cast<int64_t>(kind), s.n, s.h, s.w, s.c, s.oh, s.ow, s.oc, s.kh, s.kw, s.sh,
                s.sw, s.dh, s.dw, s.pt, s.pl, s.pb, s.pr, s.groups, withBias ? 1 : 0,
                static_cast<int64_t>(act), alphaBits};
  auto it = plans.find(key);
  // A long search meets many shapes; each plan holds JIT code, so the cache is bounded.
  if (it == plans.end() && plans.size() >= kMaxPlans) plans.clear();
  if (it == plans.end()) it = plans.emplace(key, makePlan(kind, s, withBias, act, alpha)).first;
  Plan& p = *it->second;
  auto& stream = cpuStream();
  auto mut = [](const float* ptr) { return const_cast<float*>(ptr); };
  if (kind == ConvKind::Forward) {
    p.act.set_data_handle(mut(src));
    p.out.set_data_handle(dst);
    p.userWei.set_data_handle(mut(wei));
    if (p.reorderWei) p.weiReorder.execute(stream, p.userWei, p.primWei);
    std::unordered_map<int, memory> args{{DNNL_ARG_SRC, p.act},
                                         {DNNL_ARG_WEIGHTS, p.reorderWei ? p.primWei : p.userWei},
                                         {DNNL_ARG_DST, p.out}};
    if (withBias) {
      p.bias.set_data_handle(mut(bias));
      args.emplace(DNNL_ARG_BIAS, p.bias);
    }
    p.prim.execute(stream, args);
  } else if (kind == ConvKind::BackwardData) {
    p.act.set_data_handle(mut(src));
    p.out.set_data_handle(dst);
    p.userWei.set_data_handle(mut(wei));
    if (p.reorderWei) p.weiReorder.execute(stream, p.userWei, p.primWei);
    p.prim.execute(stream, {{DNNL_ARG_DIFF_DST, p.act},
                            {DNNL_ARG_WEIGHTS, p.reorderWei ? p.primWei : p.userWei},
                            {DNNL_ARG_DIFF_SRC, p.out}});
  } else {
    p.act.set_data_handle(mut(src));
    p.dyMem.set_data_handle(mut(wei));
    p.userWei.set_data_handle(dst);
    p.prim.execute(stream, {{DNNL_ARG_SRC, p.act},
                            {DNNL_ARG_DIFF_DST, p.dyMem},
                            {DNNL_ARG_DIFF_WEIGHTS, p.reorderWei ? p.primWei : p.userWei}});
    if (p.reorderWei) p.weiReorder.execute(stream, p.primWei, p.userWei);
  }
  stream.wait();
}

}  // namespace jars
