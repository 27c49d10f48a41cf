// The module's entry point: registers each function behind the error boundary.
#include <napi.h>

#include "binding/errors.h"
#include "binding/functions.h"

namespace xai::binding {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("describe", Napi::Function::New<Guarded<Describe>>(env, "describe"));
  exports.Set("checkedSum", Napi::Function::New<Guarded<CheckedSum>>(env, "checkedSum"));
  return exports;
}

}  // namespace xai::binding

// NODE_API_MODULE pastes the name into an identifier, so it must be unqualified.
static Napi::Object InitXaiNative(Napi::Env env, Napi::Object exports) {
  return xai::binding::Init(env, exports);
}

NODE_API_MODULE(xai_native, InitXaiNative)
