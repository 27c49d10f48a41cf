// The module's entry point: registers each function behind the error boundary.
#include <napi.h>

#include "binding/errors.h"
#include "binding/functions.h"

namespace xai::binding {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("describe", Napi::Function::New<Guarded<Describe>>(env, "describe"));
  exports.Set("random", Napi::Function::New<Guarded<Random>>(env, "random"));
  exports.Set("upsample", Napi::Function::New<Guarded<Upsample>>(env, "upsample"));
  exports.Set("perturb", Napi::Function::New<Guarded<Perturb>>(env, "perturb"));
  exports.Set("softmaxHvp", Napi::Function::New<Guarded<SoftmaxHvp>>(env, "softmaxHvp"));
  exports.Set("centralDifference",
              Napi::Function::New<Guarded<CentralDifference>>(env, "centralDifference"));
  exports.Set("argsort", Napi::Function::New<Guarded<Argsort>>(env, "argsort"));
  exports.Set("rankMasks", Napi::Function::New<Guarded<RankMasks>>(env, "rankMasks"));
  exports.Set("curveAreas", Napi::Function::New<Guarded<CurveAreas>>(env, "curveAreas"));
  exports.Set("cudaTransfers", Napi::Function::New<Guarded<CudaTransfers>>(env, "cudaTransfers"));
  return exports;
}

}  // namespace xai::binding

// NODE_API_MODULE pastes the name into an identifier, so it must be unqualified.
static Napi::Object InitXaiNative(Napi::Env env, Napi::Object exports) {
  return xai::binding::Init(env, exports);
}

NODE_API_MODULE(xai_native, InitXaiNative)
