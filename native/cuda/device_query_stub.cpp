// Built instead of device_query.cu when there is no CUDA compiler or XAI_CUDA=OFF.
#include "cuda/device_query.h"

namespace xai::cuda {

DeviceQuery query_devices() {
  DeviceQuery q;
  q.error = "built without CUDA (no CUDA compiler was found, or XAI_CUDA=OFF)";
  return q;
}

}  // namespace xai::cuda
