// Whether CUDA was compiled in and how many devices the runtime sees. Plain C++, so
// the binding and the tests include it without the CUDA headers.
#pragma once

#include <string>

namespace xai::cuda {

struct DeviceQuery {
  bool compiled = false;  // built with a CUDA compiler
  int devices = 0;        // 0 when there is no GPU, no driver, or no CUDA build
  std::string error;      // why devices is 0; empty when the query succeeded
  std::string compiler;   // e.g. "nvcc 13.0.88"; empty without CUDA
};

// Never throws for a missing driver or GPU: that is reported in `error`.
DeviceQuery query_devices();

}  // namespace xai::cuda
