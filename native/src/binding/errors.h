// How errors cross into JavaScript. Every exported function is wrapped in Guarded<>,
// which turns C++ exceptions into JS exceptions carrying a stable `code` that the
// TypeScript side maps onto XaiError. Nothing here aborts the process.
#pragma once

#include <napi.h>

#include <sstream>
#include <stdexcept>

namespace xai::binding {

// A bad argument found by the binding layer (wrong type, wrong count).
class ArgumentError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// The one way the binding rejects an argument:
//   XAI_CHECK_ARG(ok, "Expected a Float32Array for x but received " << what);
#define XAI_CHECK_ARG(cond, message)                           \
  do {                                                         \
    if (!(cond)) {                                             \
      std::ostringstream xai_message_;                         \
      xai_message_ << message;                                 \
      throw ::xai::binding::ArgumentError(xai_message_.str()); \
    }                                                          \
  } while (false)

inline Napi::Error WithCode(Napi::Error error, const char* code) {
  error.Set("code", code);
  return error;
}

using Callback = Napi::Value (*)(const Napi::CallbackInfo&);

// The boundary: argument errors become TypeError/RangeError with code INVALID_ARGUMENT,
// anything else an Error with code NATIVE_ERROR. node-addon-api throws a thrown
// Napi::Error into JavaScript.
template <Callback Fn>
Napi::Value Guarded(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  try {
    return Fn(info);
  } catch (const Napi::Error&) {
    throw;  // already a JS exception, e.g. from a getter that threw
  } catch (const ArgumentError& e) {
    throw WithCode(Napi::TypeError::New(env, e.what()), "INVALID_ARGUMENT");
  } catch (const std::invalid_argument& e) {
    throw WithCode(Napi::RangeError::New(env, e.what()), "INVALID_ARGUMENT");
  } catch (const std::out_of_range& e) {
    throw WithCode(Napi::RangeError::New(env, e.what()), "INVALID_ARGUMENT");
  } catch (const std::exception& e) {
    throw WithCode(Napi::Error::New(env, e.what()), "NATIVE_ERROR");
  } catch (...) {
    throw WithCode(Napi::Error::New(env, "an unknown native exception was thrown"), "NATIVE_ERROR");
  }
}

}  // namespace xai::binding
