// The kernel functions: each checks and converts its arguments on the main thread (as a
// second line of defence: @xai/backend-cuda runs @xai/core's check*Args first), allocates
// the output, and runs the CPU or CUDA kernel off the main thread. Each returns a Promise.
// upsample and perturb scan their (large) value arrays for NaN and infinities in the worker,
// across the pool, before the kernel: such a call rejects instead of throwing.
//
//   random(distribution: 'uniform' | 'normal', n, seed, stream, offset, device)
//   upsample(masks: Float32Array, N, h, w, H, W, device, alignCorners?: boolean)
//   perturb(x, C, H, W, baseline: Float32Array | number, masks, N, h, w, noise?, device,
//           alignCorners?: boolean)
//       noise: undefined | { sigma: number | Float32Array, seed, stream, offset }
//   softmaxHvp(probs, jv, B, K, device)
//   centralDifference(gradPlus, gradMinus, h, device)
//   argsort(values, rows, n, keep, device) -> Int32Array [rows, keep]
//   rankMasks(order: Int32Array, rows, n, steps, pixelsPerStep, firstStep, stepCount,
//             deletion: boolean, device) -> Float32Array [rows, stepCount, n]
//   curveAreas(scores, rows, n, device) -> { auc, mean }
#include <napi.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>

#include "binding/args.h"
#include "binding/functions.h"
#include "binding/output_buffer.h"
#include "binding/worker.h"
#include "cuda/kernels.h"
#include "kernels/curves.h"
#include "kernels/hvp.h"
#include "kernels/perturb.h"
#include "kernels/random.h"
#include "kernels/ranking.h"
#include "kernels/thread_pool.h"

namespace xai::binding {
namespace {

// `keep`: a large output may keep its device copy (device 'cuda-keep').
Napi::Float32Array NewFloat32(Napi::Env env, uint64_t n, bool keep) {
  return NewOutputFloat32(env, std::size_t(n), keep);
}

// Whether every value is finite: a branch-free pass the compiler vectorises.
bool AllFinite(const float* data, std::size_t n) {
  uint32_t bad = 0;
  for (std::size_t i = 0; i < n; ++i) {
    uint32_t bits;
    std::memcpy(&bits, data + i, sizeof bits);
    bad |= uint32_t((bits & 0x7F800000u) == 0x7F800000u);
  }
  return bad == 0;
}

// Names the first non-finite value; only runs once AllFinite has found one.
[[noreturn]] void ReportFirstNonFinite(const Float32Span& s, const char* name) {
  for (std::size_t i = 0; i < s.length; ++i) {
    XAI_CHECK_ARG(std::isfinite(s.data[i]), "Expected finite values in " << name << " but received "
                                                                          << s.data[i] << " at flat index " << i);
  }
  throw std::logic_error("ReportFirstNonFinite found no non-finite value");
}

void CheckFinite(const Float32Span& s, const char* name) {
  if (!AllFinite(s.data, s.length)) ReportFirstNonFinite(s, name);
}

// CheckFinite for the worker thread: large arrays are scanned across the kernel pool.
void CheckFiniteInWorker(const Float32Span& s, const char* name) {
  constexpr std::size_t kGrain = std::size_t(1) << 18;
  std::atomic<bool> bad{false};
  kernels::parallel_for((s.length + kGrain - 1) / kGrain, 1, [&](std::size_t begin, std::size_t end) {
    const std::size_t first = begin * kGrain, last = std::min(s.length, end * kGrain);
    if (!AllFinite(s.data + first, last - first)) bad.store(true, std::memory_order_relaxed);
  });
  if (bad.load()) ReportFirstNonFinite(s, name);
}

// The per-element noise scales: finite and ≥ 0 (C·H·W values, a small array).
void CheckSigma(const Float32Span& s) {
  for (std::size_t i = 0; i < s.length; ++i) {
    XAI_CHECK_ARG(std::isfinite(s.data[i]) && s.data[i] >= 0,
                  "Expected finite values ≥ 0 for the noise sigma but received " << s.data[i]
                                                                                   << " at flat index " << i);
  }
}

}  // namespace

Napi::Value Random(const Napi::CallbackInfo& info) {
  ExpectArgCount(info, 6, "random(distribution, n, seed, stream, offset, device)");
  XAI_CHECK_ARG(info[0].IsString(), "Expected 'uniform' or 'normal' for the distribution but received "
                                        << TypeName(info[0]));
  const std::string distribution = info[0].As<Napi::String>().Utf8Value();
  XAI_CHECK_ARG(distribution == "uniform" || distribution == "normal",
                "Expected 'uniform' or 'normal' for the distribution but received '" << distribution << "'");
  const uint64_t n = IntegerArg(info, 1, "the number of draws", 1);
  const uint64_t seed = IntegerArg(info, 2, "the seed", 0);
  const uint64_t stream = IntegerArg(info, 3, "the stream", 0);
  const uint64_t offset = IntegerArg(info, 4, "the offset", 0);
  const DeviceChoice device = DeviceArg(info, 5);
  const bool cuda = device.cuda, keep = device.keep;
  kernels::check_counter(seed, stream, offset, std::size_t(n));
  Napi::Float32Array out = NewFloat32(info.Env(), n, keep);
  float* o = out.Data();
  const bool uniform = distribution == "uniform";
  return KernelWorker::Run(
      info.Env(),
      [=] {
        if (cuda) {
          (uniform ? cuda::fill_uniform : cuda::fill_normal)(o, std::size_t(n), seed, stream, offset);
        } else {
          (uniform ? kernels::fill_uniform : kernels::fill_normal)(o, std::size_t(n), seed, stream, offset);
        }
      },
      out, {}, KernelWorker::RunsInline(std::size_t(uniform ? n : 4 * n), cuda), keep);  // normals cost more
}

// The optional trailing alignCorners flag at index i (absent: false, the half-pixel taps).
static bool AlignCornersArg(const Napi::CallbackInfo& info, std::size_t i, const char* fn) {
  XAI_CHECK_ARG(info.Length() == i || info.Length() == i + 1,
                "Expected " << i << " or " << i + 1 << " argument(s) for " << fn << " but received "
                            << info.Length());
  if (info.Length() == i) return false;
  XAI_CHECK_ARG(info[i].IsBoolean(), "Expected a boolean for alignCorners but received " << TypeName(info[i]));
  return info[i].As<Napi::Boolean>().Value();
}

Napi::Value Upsample(const Napi::CallbackInfo& info) {
  const bool align_corners = AlignCornersArg(info, 7, "upsample(masks, N, h, w, H, W, device, alignCorners?)");
  const Float32Span masks = Float32ArrayArg(info, 0, "the masks");
  const uint64_t N = IntegerArg(info, 1, "the number of masks", 1);
  const uint64_t h = IntegerArg(info, 2, "the mask height", 1);
  const uint64_t w = IntegerArg(info, 3, "the mask width", 1);
  const uint64_t H = IntegerArg(info, 4, "the output height", 1);
  const uint64_t W = IntegerArg(info, 5, "the output width", 1);
  const DeviceChoice device = DeviceArg(info, 6);
  const bool cuda = device.cuda, keep = device.keep;
  ExpectLength(masks.length, CheckedProduct({N, h, w}, "the masks"), "the masks [N, h, w]");
  Napi::Float32Array out = NewFloat32(info.Env(), CheckedProduct({N, H, W}, "the upsampled masks"), keep);
  float* o = out.Data();
  return KernelWorker::Run(
      info.Env(),
      [=] {
        CheckFiniteInWorker(masks, "the masks");
        (cuda ? cuda::upsample : kernels::upsample)(masks.data, N, h, w, H, W, o, align_corners);
      },
      out, {info[0]}, KernelWorker::RunsInline(std::size_t(N * (h * w + H * W)), cuda), keep);
}

Napi::Value Perturb(const Napi::CallbackInfo& info) {
  const bool align_corners =
      AlignCornersArg(info, 11, "perturb(x, C, H, W, baseline, masks, N, h, w, noise, device, alignCorners?)");
  const Float32Span x = Float32ArrayArg(info, 0, "the input x");
  const uint64_t C = IntegerArg(info, 1, "the channels", 1);
  const uint64_t H = IntegerArg(info, 2, "the height", 1);
  const uint64_t W = IntegerArg(info, 3, "the width", 1);
  const uint64_t size = CheckedProduct({C, H, W}, "the input x");
  ExpectLength(x.length, size, "the input x [C, H, W]");
  const float* baseline = nullptr;
  float baseline_scalar = 0.0f;
  if (info[4].IsNumber()) {
    baseline_scalar = float(FiniteNumberValue(info[4], "the baseline"));
  } else {
    const Float32Span b = Float32ArrayValue(info[4], "the baseline");
    ExpectLength(b.length, size, "the baseline");
    baseline = b.data;
  }
  const Float32Span masks = Float32ArrayArg(info, 5, "the masks");
  const uint64_t N = IntegerArg(info, 6, "the number of masks", 1);
  const uint64_t h = IntegerArg(info, 7, "the mask height", 1);
  const uint64_t w = IntegerArg(info, 8, "the mask width", 1);
  ExpectLength(masks.length, CheckedProduct({N, h, w}, "the masks"), "the masks [N, h, w]");
  kernels::PerturbNoise noise;
  if (!info[9].IsUndefined()) {
    XAI_CHECK_ARG(info[9].IsObject() && !info[9].IsTypedArray() && !info[9].IsArray(),
                  "Expected undefined or { sigma, seed, stream, offset } for the noise but received "
                      << TypeName(info[9]));
    const Napi::Object o = info[9].As<Napi::Object>();
    noise.enabled = true;
    const Napi::Value sigma = o.Get("sigma");
    if (sigma.IsNumber()) {
      const double s = FiniteNumberValue(sigma, "the noise sigma");
      XAI_CHECK_ARG(s >= 0, "Expected a finite number ≥ 0 for the noise sigma but received " << s);
      noise.sigma_scalar = float(s);
    } else {
      const Float32Span s = Float32ArrayValue(sigma, "the noise sigma");
      ExpectLength(s.length, size, "the noise sigma");
      noise.sigma = s.data;
    }
    noise.seed = IntegerValue(o.Get("seed"), "the noise seed", 0);
    noise.stream = IntegerValue(o.Get("stream"), "the noise stream", 0);
    noise.offset = IntegerValue(o.Get("offset"), "the noise offset", 0);
    kernels::check_counter(noise.seed, noise.stream, noise.offset,
                           std::size_t(CheckedProduct({N, size}, "the noise draws")));
  }
  const DeviceChoice device = DeviceArg(info, 10);
  const bool cuda = device.cuda, keep = device.keep;
  Napi::Float32Array out = NewFloat32(info.Env(), CheckedProduct({N, size}, "the perturbed batch"), keep);
  float* o = out.Data();
  const Napi::Value sigma_value =
      noise.enabled ? info[9].As<Napi::Object>().Get("sigma") : info.Env().Undefined();
  return KernelWorker::Run(
      info.Env(),
      [=] {
        CheckFiniteInWorker(x, "the input x");
        if (baseline != nullptr) CheckFiniteInWorker({baseline, size}, "the baseline");
        CheckFiniteInWorker(masks, "the masks");
        if (noise.sigma != nullptr) CheckSigma({noise.sigma, size});
        (cuda ? cuda::perturb : kernels::perturb)(x.data, C, H, W, baseline, baseline_scalar,
                                                  masks.data, N, h, w, noise, o, align_corners);
      },
      out, {info[0], info[4], info[5], sigma_value},
      KernelWorker::RunsInline(std::size_t(size + N * h * w + (noise.enabled ? 4 : 1) * N * size), cuda), keep);
}

Napi::Value SoftmaxHvp(const Napi::CallbackInfo& info) {
  ExpectArgCount(info, 5, "softmaxHvp(probs, jv, B, K, device)");
  const Float32Span p = Float32ArrayArg(info, 0, "the probabilities");
  const Float32Span u = Float32ArrayArg(info, 1, "the vector jv");
  const uint64_t B = IntegerArg(info, 2, "the batch size", 1);
  const uint64_t K = IntegerArg(info, 3, "the number of classes", 1);
  const DeviceChoice device = DeviceArg(info, 4);
  const bool cuda = device.cuda, keep = device.keep;
  const uint64_t n = CheckedProduct({B, K}, "the probabilities");
  ExpectLength(p.length, n, "the probabilities [B, K]");
  ExpectLength(u.length, n, "the vector jv [B, K]");
  CheckFinite(p, "the probabilities");
  CheckFinite(u, "the vector jv");
  for (std::size_t i = 0; i < p.length; ++i) {
    XAI_CHECK_ARG(p.data[i] >= 0 && p.data[i] <= 1, "Expected values in [0, 1] for the probabilities but received "
                                                         << p.data[i] << " at flat index " << i);
  }
  Napi::Float32Array out = NewFloat32(info.Env(), n, keep);
  float* o = out.Data();
  return KernelWorker::Run(
      info.Env(), [=] {
        (cuda ? cuda::softmax_hvp : kernels::softmax_hvp)(p.data, u.data, B, K, o); },
      out, {info[0], info[1]}, KernelWorker::RunsInline(std::size_t(3 * n), cuda), keep);
}

Napi::Value CentralDifference(const Napi::CallbackInfo& info) {
  ExpectArgCount(info, 4, "centralDifference(gradPlus, gradMinus, h, device)");
  const Float32Span plus = Float32ArrayArg(info, 0, "the gradient at x + h·v");
  const Float32Span minus = Float32ArrayArg(info, 1, "the gradient at x − h·v");
  const double h = FiniteNumberValue(info[2], "the step h");
  XAI_CHECK_ARG(h > 0, "Expected a finite number > 0 for the step h but received " << h);
  const DeviceChoice device = DeviceArg(info, 3);
  const bool cuda = device.cuda, keep = device.keep;
  XAI_CHECK_ARG(plus.length > 0, "Expected a non-empty tensor for the gradient at x + h·v but received 0 values");
  ExpectLength(minus.length, plus.length, "the gradient at x − h·v");
  CheckFinite(plus, "the gradient at x + h·v");
  CheckFinite(minus, "the gradient at x − h·v");
  Napi::Float32Array out = NewFloat32(info.Env(), plus.length, keep);
  float* o = out.Data();
  return KernelWorker::Run(
      info.Env(),
      [=] {
        (cuda ? cuda::central_difference : kernels::central_difference)(plus.data, minus.data,
                                                                        plus.length, h, o);
      },
      out, {info[0], info[1]}, KernelWorker::RunsInline(3 * plus.length, cuda), keep);
}

Napi::Value Argsort(const Napi::CallbackInfo& info) {
  ExpectArgCount(info, 5, "argsort(values, rows, n, keep, device)");
  const Float32Span values = Float32ArrayArg(info, 0, "the values to rank");
  const uint64_t rows = IntegerArg(info, 1, "the number of rows", 1);
  const uint64_t n = IntegerArg(info, 2, "the row length", 1);
  const uint64_t keep = IntegerArg(info, 3, "k in top-k", 1);
  const DeviceChoice device = DeviceArg(info, 4);
  const bool cuda = device.cuda, keep_on_device = device.keep;
  ExpectLength(values.length, CheckedProduct({rows, n}, "the values to rank"), "the values to rank [rows, n]");
  XAI_CHECK_ARG(keep <= n, "Expected an integer in [1, " << n << "] for k in top-k but received " << keep);
  XAI_CHECK_ARG(n <= 0x7FFFFFFF, "Expected rows of at most 2^31 - 1 values to rank but received " << n);
  for (std::size_t i = 0; i < values.length; ++i) {
    XAI_CHECK_ARG(!std::isnan(values.data[i]), "Expected no NaN for the values to rank but received NaN at flat index " << i);
  }
  Napi::Int32Array out = NewOutputInt32(info.Env(), std::size_t(rows * keep));
  int32_t* o = out.Data();
  return KernelWorker::Run(
      info.Env(),
      [=] {
        (cuda ? cuda::argsort_descending : kernels::argsort_descending)(values.data, rows, n, keep, o);
      },
      out, {info[0]}, KernelWorker::RunsInline(std::size_t(8 * rows * n), cuda), keep_on_device);  // a sort's passes
}

Napi::Value RankMasks(const Napi::CallbackInfo& info) {
  ExpectArgCount(info, 9, "rankMasks(order, rows, n, steps, pixelsPerStep, firstStep, stepCount, deletion, device)");
  const Int32Span order = Int32ArrayArg(info, 0, "the pixel order");
  const uint64_t rows = IntegerArg(info, 1, "the number of rows", 1);
  const uint64_t n = IntegerArg(info, 2, "the pixels per row", 1);
  const uint64_t steps = IntegerArg(info, 3, "the number of steps", 1);
  const uint64_t k = IntegerArg(info, 4, "the pixels per step", 1);
  const uint64_t first = IntegerArg(info, 5, "the first step", 0);
  const uint64_t count = IntegerArg(info, 6, "the step count", 1);
  XAI_CHECK_ARG(info[7].IsBoolean(), "Expected a boolean for deletion but received " << TypeName(info[7]));
  const bool deletion = info[7].As<Napi::Boolean>().Value();
  const DeviceChoice device = DeviceArg(info, 8);
  const bool cuda = device.cuda, keep = device.keep;
  ExpectLength(order.length, CheckedProduct({rows, n}, "the pixel order"), "the pixel order [rows, n]");
  XAI_CHECK_ARG(n <= 0x7FFFFFFF, "Expected at most 2^31 - 1 pixels but received " << n);
  XAI_CHECK_ARG(steps <= n && k <= n, "Expected steps and pixelsPerStep in [1, " << n << "] but received "
                                                                                << steps << " and " << k);
  XAI_CHECK_ARG(first <= steps && count <= steps + 1 - first,
                "Expected the step range [" << first << ", " << first + count << ") within [0, " << steps + 1 << "]");
  Napi::Float32Array out = NewFloat32(info.Env(), CheckedProduct({rows, count, n}, "the step masks"), keep);
  float* o = out.Data();
  return KernelWorker::Run(
      info.Env(),
      [=] {
        (cuda ? cuda::rank_masks : kernels::rank_masks)(order.data, rows, n, steps, k, first, count, deletion, o);
      },
      out, {info[0]}, KernelWorker::RunsInline(std::size_t(rows * n * (count + 2)), cuda), keep);
}

Napi::Value CurveAreas(const Napi::CallbackInfo& info) {
  ExpectArgCount(info, 4, "curveAreas(scores, rows, n, device)");
  const Float32Span scores = Float32ArrayArg(info, 0, "the curve scores");
  const uint64_t rows = IntegerArg(info, 1, "the number of curves", 1);
  const uint64_t n = IntegerArg(info, 2, "the points per curve", 2);
  const DeviceChoice device = DeviceArg(info, 3);
  const bool cuda = device.cuda, keep = device.keep;
  ExpectLength(scores.length, CheckedProduct({rows, n}, "the curve scores"), "the curve scores [rows, n]");
  CheckFinite(scores, "the curve scores");
  const Napi::Env env = info.Env();
  Napi::Float32Array auc = NewFloat32(env, rows, keep);
  Napi::Float32Array mean = NewFloat32(env, rows, keep);
  Napi::Object result = Napi::Object::New(env);
  result.Set("auc", auc);
  result.Set("mean", mean);
  float* a = auc.Data();
  float* m = mean.Data();
  return KernelWorker::Run(
      env, [=] {
        (cuda ? cuda::curve_areas : kernels::curve_areas)(scores.data, rows, n, a, m); },
      result, {info[0]}, KernelWorker::RunsInline(std::size_t(rows * n), cuda), keep);
}

}  // namespace xai::binding
