// The functions the addon exports, one file each; addon.cpp registers them.
#pragma once

#include <napi.h>

namespace xai::binding {

Napi::Value Describe(const Napi::CallbackInfo& info);    // describe()

// The kernels (kernels.cpp); each returns a Promise.
Napi::Value Random(const Napi::CallbackInfo& info);
Napi::Value Upsample(const Napi::CallbackInfo& info);
Napi::Value Perturb(const Napi::CallbackInfo& info);
Napi::Value SoftmaxHvp(const Napi::CallbackInfo& info);
Napi::Value CentralDifference(const Napi::CallbackInfo& info);
Napi::Value Argsort(const Napi::CallbackInfo& info);
Napi::Value RankMasks(const Napi::CallbackInfo& info);
Napi::Value CurveAreas(const Napi::CallbackInfo& info);
// cudaTransfers(reset?: boolean): the host<->device copies counted so far.
Napi::Value CudaTransfers(const Napi::CallbackInfo& info);

}  // namespace xai::binding
