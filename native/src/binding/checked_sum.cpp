#include <napi.h>

#include "binding/args.h"
#include "binding/functions.h"
#include "kernels/checked_sum.h"

namespace xai::binding {

// checkedSum(x: Float32Array): number. The pattern for every kernel binding:
// check and convert the arguments, call the plain kernel, convert the result.
Napi::Value CheckedSum(const Napi::CallbackInfo& info) {
  ExpectArgCount(info, 1, "checkedSum(x)");
  const Float32Span x = Float32ArrayArg(info, 0, "x");
  return Napi::Number::New(info.Env(), kernels::checked_sum(x.data, x.length));
}

}  // namespace xai::binding
