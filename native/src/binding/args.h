// Converting and checking JS arguments. Each helper either returns a plain C++ view
// or rejects the argument through XAI_CHECK_ARG.
#pragma once

#include <napi.h>

#include <cstddef>
#include <string>

#include "binding/errors.h"

namespace xai::binding {

// A Float32Array's elements, borrowed for the duration of the call.
struct Float32Span {
  const float* data;
  std::size_t length;
};

// "undefined", "number", "Float64Array", "an Array", ... for error messages.
inline std::string TypeName(const Napi::Value& v) {
  switch (v.Type()) {
    case napi_undefined: return "undefined";
    case napi_null: return "null";
    case napi_boolean: return "a boolean";
    case napi_number: return "a number";
    case napi_string: return "a string";
    case napi_symbol: return "a symbol";
    case napi_function: return "a function";
    case napi_bigint: return "a bigint";
    default: break;
  }
  if (v.IsArray()) return "an Array";
  if (v.IsTypedArray()) {
    switch (v.As<Napi::TypedArray>().TypedArrayType()) {
      case napi_float32_array: return "Float32Array";
      case napi_float64_array: return "Float64Array";
      case napi_uint8_array: return "Uint8Array";
      case napi_int32_array: return "Int32Array";
      default: return "a typed array of another type";
    }
  }
  return "an object";
}

inline void ExpectArgCount(const Napi::CallbackInfo& info, std::size_t n, const char* fn) {
  XAI_CHECK_ARG(info.Length() == n, "Expected " << n << " argument(s) for " << fn
                                                << " but received " << info.Length());
}

inline Float32Span Float32ArrayArg(const Napi::CallbackInfo& info, std::size_t i, const char* name) {
  const Napi::Value v = info[i];
  XAI_CHECK_ARG(v.IsTypedArray() && v.As<Napi::TypedArray>().TypedArrayType() == napi_float32_array,
                "Expected a Float32Array for " << name << " but received " << TypeName(v));
  const auto array = v.As<Napi::Float32Array>();
  return {array.Data(), array.ElementLength()};
}

}  // namespace xai::binding
