// Runs a kernel off the main thread and settles a Promise: the binding checks and converts
// the arguments on the main thread, allocates the outputs there, keeps every JS array it
// reads or writes alive through references, and queues `work` on the libuv thread pool.
// std::invalid_argument from the kernel rejects with code INVALID_ARGUMENT (a RangeError),
// anything else with NATIVE_ERROR.
#pragma once

#include <napi.h>

#include <functional>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace xai::binding {

class KernelWorker : public Napi::AsyncWorker {
 public:
  // Queues `work`; the promise resolves with `result` when it is done.
  static Napi::Value Run(Napi::Env env, std::function<void()> work, Napi::Value result,
                         std::initializer_list<Napi::Value> keep) {
    auto* worker = new KernelWorker(env, std::move(work), result, keep);
    Napi::Promise promise = worker->deferred_.Promise();
    worker->Queue();
    return promise;
  }

 protected:
  void Execute() override {
    try {
      work_();
    } catch (const std::invalid_argument& e) {
      code_ = "INVALID_ARGUMENT";
      SetError(e.what());
    } catch (const std::out_of_range& e) {
      code_ = "INVALID_ARGUMENT";
      SetError(e.what());
    } catch (const std::exception& e) {
      code_ = "NATIVE_ERROR";
      SetError(e.what());
    } catch (...) {
      code_ = "NATIVE_ERROR";
      SetError("an unknown native exception was thrown");
    }
  }

  void OnOK() override { deferred_.Resolve(result_.Value()); }

  void OnError(const Napi::Error& error) override {
    const Napi::Env env = Env();
    Napi::Error out = code_ == "INVALID_ARGUMENT"
                          ? Napi::Error(Napi::RangeError::New(env, error.Message()))
                          : Napi::Error::New(env, error.Message());
    out.Set("code", code_);
    deferred_.Reject(out.Value());
  }

 private:
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
  std::string code_ = "NATIVE_ERROR";
};

}  // namespace xai::binding
