#include <napi.h>

#include <string>

#include "binding/functions.h"
#include "cuda/device_query.h"
#include "kernels/build_info.h"

namespace xai::binding {

// { version, napiVersion, compiler, cudaCompiled, cudaDevices, cudaError?, threads }.
// Queries CUDA on each call, never at load time: loading must work without a driver.
Napi::Value Describe(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const cuda::DeviceQuery cuda = cuda::query_devices();

  std::string compiler = kernels::compiler();
  if (!cuda.compiler.empty()) compiler += ", " + cuda.compiler;

  Napi::Object out = Napi::Object::New(env);
  out.Set("version", kernels::version());
  out.Set("napiVersion", NAPI_VERSION);
  out.Set("compiler", compiler);
  out.Set("cudaCompiled", cuda.compiled);
  out.Set("cudaDevices", cuda.devices);
  if (!cuda.error.empty()) out.Set("cudaError", cuda.error);
  out.Set("threads", kernels::hardware_threads());
  return out;
}

}  // namespace xai::binding
