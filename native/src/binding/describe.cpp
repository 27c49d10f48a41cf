#include <napi.h>

#include <string>

#include "binding/functions.h"
#include "binding/args.h"
#include "binding/output_buffer.h"
#include "cuda/device_query.h"
#include "cuda/kernels.h"
#include "kernels/build_info.h"
#include "kernels/thread_pool.h"

namespace xai::binding {

// { version, napiVersion, buildType, compiler, cudaCompiled, cudaDevices, cudaError?, threads }.
// Queries CUDA on each call, never at load time: loading must work without a driver.
Napi::Value Describe(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const cuda::DeviceQuery cuda = cuda::query_devices();

  std::string compiler = kernels::compiler();
  if (!cuda.compiler.empty()) compiler += ", " + cuda.compiler;

  Napi::Object out = Napi::Object::New(env);
  out.Set("version", kernels::version());
  out.Set("napiVersion", NAPI_VERSION);
  out.Set("buildType", kernels::build_type());
  out.Set("compiler", compiler);
  out.Set("cudaCompiled", cuda.compiled);
  out.Set("cudaDevices", cuda.devices);
  if (!cuda.error.empty()) out.Set("cudaError", cuda.error);
  out.Set("threads", kernels::pool_threads());
  out.Set("outputCacheBytes", double(CachedOutputBytes()));
  return out;
}

Napi::Value CudaTransfers(const Napi::CallbackInfo& info) {
  XAI_CHECK_ARG(info.Length() == 0 || info[0].IsBoolean() || info[0].IsUndefined(),
                "Expected an optional boolean (reset) for cudaTransfers but received " << TypeName(info[0]));
  const cuda::TransferCounts c = cuda::transfer_counts();
  if (info.Length() > 0 && info[0].IsBoolean() && info[0].As<Napi::Boolean>().Value()) {
    cuda::reset_transfer_counts();
  }
  Napi::Object out = Napi::Object::New(info.Env());
  out.Set("hostToDevice", double(c.host_to_device));
  out.Set("deviceToHost", double(c.device_to_host));
  out.Set("bytesToDevice", double(c.bytes_to_device));
  out.Set("bytesToHost", double(c.bytes_to_host));
  out.Set("reusedOnDevice", double(c.reused));
  out.Set("bytesReusedOnDevice", double(c.bytes_reused));
  out.Set("bytesKeptOnDevice", double(c.resident_bytes));
  return out;
}

}  // namespace xai::binding
