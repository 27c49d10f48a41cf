// Runs a kernel off the main thread and settles a Promise: the binding checks and converts
// the arguments on the main thread, allocates the outputs there, keeps every JS array it
// reads or writes alive through references, and queues `work` on the libuv thread pool.
// std::invalid_argument from the kernel rejects with code INVALID_ARGUMENT (a RangeError),
// anything else with NATIVE_ERROR.
//
// Small CPU calls run on the calling thread instead, without the pool (SerialScope), and
// return a settled Promise: the hop to a worker and back costs tens of microseconds on an
// idle machine and milliseconds when ONNX Runtime's threads spin on every core, far more
// than a kernel over a few thousand values. The Promise settles the same way either way.
#pragma once

#include <napi.h>

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "cuda/kernels.h"
#include "kernels/thread_pool.h"

namespace xai::binding {

class KernelWorker : public Napi::AsyncWorker {
 public:
  // Below this many values read and written, a CPU call runs on the calling thread.
  static constexpr std::size_t kInlineValues = std::size_t(1) << 15;

  // Whether a call that touches `values` values runs inline (never for CUDA, whose calls
  // wait on the device).
  static bool RunsInline(std::size_t values, bool cuda) { return !cuda && values < kInlineValues; }

  // Runs `work` inline when `run_inline`, else queues it; the promise resolves with
  // `result` when it is done. `keep_on_device`: the call's CUDA outputs may stay on the
  // device and its inputs be found there (device 'cuda-keep', cuda/kernels.h).
  static Napi::Value Run(Napi::Env env, std::function<void()> work, Napi::Value result,
                         std::initializer_list<Napi::Value> keep, bool run_inline,
                         bool keep_on_device = false) {
    if (keep_on_device) {
      work = [inner = std::move(work)] {
        cuda::ResidencyScope residency(true);
        inner();
      };
    }
    if (run_inline) {
      Napi::Promise::Deferred deferred = Napi::Promise::Deferred::New(env);
      std::string code, message;
      {
        kernels::SerialScope serial;
        Attempt(work, code, message);
      }
      if (code.empty()) {
        deferred.Resolve(result);
      } else {
        deferred.Reject(Rejection(env, code, message).Value());
      }
      return deferred.Promise();
    }
    auto* worker = new KernelWorker(env, std::move(work), result, keep);
    Napi::Promise promise = worker->deferred_.Promise();
    worker->Queue();
    return promise;
  }

 protected:
  void Execute() override {
    std::string message;
    Attempt(work_, code_, message);
    if (!code_.empty()) SetError(message);
  }

  void OnOK() override { deferred_.Resolve(result_.Value()); }

  void OnError(const Napi::Error& error) override {
    deferred_.Reject(Rejection(Env(), code_, error.Message()).Value());
  }

 private:
  // Runs `work`; if it throws, `code` and `message` say how the promise rejects.
  static void Attempt(const std::function<void()>& work, std::string& code, std::string& message) {
    try {
      work();
    } catch (const std::invalid_argument& e) {
      code = "INVALID_ARGUMENT";
      message = e.what();
    } catch (const std::out_of_range& e) {
      code = "INVALID_ARGUMENT";
      message = e.what();
    } catch (const std::exception& e) {
      code = "NATIVE_ERROR";
      message = e.what();
    } catch (...) {
      code = "NATIVE_ERROR";
      message = "an unknown native exception was thrown";
    }
  }

  static Napi::Error Rejection(Napi::Env env, const std::string& code, const std::string& message) {
    Napi::Error out = code == "INVALID_ARGUMENT" ? Napi::Error(Napi::RangeError::New(env, message))
                                                 : Napi::Error::New(env, message);
    out.Set("code", code);
    return out;
  }

  KernelWorker(Napi::Env env, std::function<void()> work, Napi::Value result,
               std::initializer_list<Napi::Value> keep)
      : Napi::AsyncWorker(env, "xai_kernel"),
        deferred_(Napi::Promise::Deferred::New(env)),
        work_(std::move(work)),
        result_(Napi::Persistent(result.As<Napi::Object>())) {
    for (const Napi::Value& v : keep) {
      if (v.IsObject()) keep_.push_back(Napi::Persistent(v.As<Napi::Object>()));
    }
  }

  Napi::Promise::Deferred deferred_;
  std::function<void()> work_;
  Napi::ObjectReference result_;
  std::vector<Napi::ObjectReference> keep_;
  std::string code_;  // empty until the work throws
};

}  // namespace xai::binding
