// The functions the addon exports, one file each; addon.cpp registers them.
#pragma once

#include <napi.h>

namespace xai::binding {

Napi::Value Describe(const Napi::CallbackInfo& info);    // describe()
Napi::Value CheckedSum(const Napi::CallbackInfo& info);  // checkedSum(x: Float32Array)

}  // namespace xai::binding
