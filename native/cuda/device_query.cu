#include "cuda/device_query.h"

#include <cuda_runtime.h>

#define XAI_STR2(x) #x
#define XAI_STR(x) XAI_STR2(x)

namespace xai::cuda {

DeviceQuery query_devices() {
  DeviceQuery q;
  q.compiled = true;
  q.compiler = "nvcc " XAI_STR(__CUDACC_VER_MAJOR__) "." XAI_STR(__CUDACC_VER_MINOR__) "." XAI_STR(
      __CUDACC_VER_BUILD__);
  int count = 0;
  const cudaError_t err = cudaGetDeviceCount(&count);
  if (err != cudaSuccess) {
    // Typical without a GPU: cudaErrorNoDevice or cudaErrorInsufficientDriver.
    q.error = std::string(cudaGetErrorName(err)) + ": " + cudaGetErrorString(err);
    return q;
  }
  if (count == 0) q.error = "the CUDA runtime found no device";
  q.devices = count;
  return q;
}

}  // namespace xai::cuda
