// The one oneDNN CPU engine and stream every primitive of the addon runs on.
#pragma once
#include <oneapi/dnnl/dnnl.hpp>

namespace jars {
dnnl::engine& cpuEngine();
dnnl::stream& cpuStream();
}  // namespace jars
