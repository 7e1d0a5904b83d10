// Batched matrix products on float32 tensors in the tfjs wasm heap, with oneDNN's matmul
// primitive. Transposed operands are described by strides and read in place, where tfjs's wasm
// kernel copies them through a Transpose first (BatchMatMul's gradients transpose one operand).
#include <array>
#include <map>
#include <memory>

#include "dnnl-context.h"
#include "kernels.h"

namespace jars {
namespace {

using dnnl::memory;
using Dims = memory::dims;

struct MatMulPlan {
  dnnl::matmul prim;
  memory a, b, out;
};

using Key = std::array<int64_t, 7>;
std::map<Key, std::unique_ptr<MatMulPlan>> plans;
constexpr size_t kMaxPlans = 1024;

// A [batch, rows, cols] operand stored row-major, or stored transposed ([batch, cols, rows]).
memory::desc operand(int64_t batch, int64_t rows, int64_t cols, bool transposed) {
  const Dims strides = transposed ? Dims{rows * cols, 1, rows} : Dims{rows * cols, cols, 1};
  return memory::desc({batch, rows, cols}, memory::data_type::f32, strides);
}

std::unique_ptr<MatMulPlan> makePlan(const Key& k) {
  const int64_t batchA = k[0], batchB = k[1], m = k[2], n = k[3], kk = k[4];
  const bool transA = k[5] != 0, transB = k[6] != 0;
  const int64_t batch = batchA > batchB ? batchA : batchB;
  auto& eng = cpuEngine();
  const auto aDesc = operand(batchA, m, kk, transA);
  const auto bDesc = operand(batchB, kk, n, transB);
  const auto outDesc = memory::desc({batch, m, n}, memory::data_type::f32, memory::format_tag::abc);
  dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(aDesc, bDesc, outDesc), eng);
  auto p = std::make_unique<MatMulPlan>();
  p->prim = dnnl::matmul(pd);
  p->a = memory(aDesc, eng, nullptr);
  p->b = memory(bDesc, eng, nullptr);
  p->out = memory(outDesc, eng, nullptr);
  return p;
}

}  // namespace

void matmul(const float* a, const float* b, float* out, int64_t batchA, int64_t batchB, int64_t m,
            int64_t n, int64_t k, bool transA, bool transB) {
  const Key key{batchA, batchB, m, n, k, transA ? 1 : 0, transB ? 1 : 0};
  auto it = plans.find(key);
  if (it == plans.end() && plans.size() >= kMaxPlans) plans.clear();
  if (it == plans.end()) it = plans.emplace(key, makePlan(key)).first;
  MatMulPlan& p = *it->second;
  p.a.set_data_handle(const_cast<float*>(a));
  p.b.set_data_handle(const_cast<float*>(b));
  p.out.set_data_handle(out);
  auto& stream = cpuStream();
  p.prim.execute(stream, {{DNNL_ARG_SRC, p.a}, {DNNL_ARG_WEIGHTS, p.b}, {DNNL_ARG_DST, p.out}});
  stream.wait();
}

}  // namespace jars
