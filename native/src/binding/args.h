// Converting and checking JS arguments. Each helper either returns a plain C++ view
// or rejects the argument through XAI_CHECK_ARG.
#pragma once

#include <napi.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
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

// An Int32Array's elements, borrowed for the duration of the call.
struct Int32Span {
  const int32_t* data;
  std::size_t length;
};

inline Int32Span Int32ArrayArg(const Napi::CallbackInfo& info, std::size_t i, const char* name) {
  const Napi::Value v = info[i];
  XAI_CHECK_ARG(v.IsTypedArray() && v.As<Napi::TypedArray>().TypedArrayType() == napi_int32_array,
                "Expected an Int32Array for " << name << " but received " << TypeName(v));
  const auto array = v.As<Napi::Int32Array>();
  return {array.Data(), array.ElementLength()};
}

inline Float32Span Float32ArrayValue(const Napi::Value& v, const char* name) {
  XAI_CHECK_ARG(v.IsTypedArray() && v.As<Napi::TypedArray>().TypedArrayType() == napi_float32_array,
                "Expected a Float32Array for " << name << " but received " << TypeName(v));
  const auto array = v.As<Napi::Float32Array>();
  return {array.Data(), array.ElementLength()};
}

constexpr double kMaxSafeInteger = 9007199254740991.0;  // 2^53 - 1

// An integer in [min, 2^53 - 1] (a size, a count, a seed, a stream or an offset).
inline uint64_t IntegerValue(const Napi::Value& v, const char* name, uint64_t min) {
  XAI_CHECK_ARG(v.IsNumber(), "Expected an integer ≥ " << min << " for " << name
                                                       << " but received " << TypeName(v));
  const double d = v.As<Napi::Number>().DoubleValue();
  XAI_CHECK_ARG(std::isfinite(d) && std::floor(d) == d && d >= double(min) && d <= kMaxSafeInteger,
                "Expected an integer in [" << min << ", 2^53 - 1] for " << name << " but received "
                                           << d);
  return uint64_t(d);
}

inline uint64_t IntegerArg(const Napi::CallbackInfo& info, std::size_t i, const char* name,
                           uint64_t min) {
  return IntegerValue(info[i], name, min);
}

inline double FiniteNumberValue(const Napi::Value& v, const char* name) {
  XAI_CHECK_ARG(v.IsNumber(), "Expected a finite number for " << name << " but received " << TypeName(v));
  const double d = v.As<Napi::Number>().DoubleValue();
  XAI_CHECK_ARG(std::isfinite(d), "Expected a finite number for " << name << " but received " << d);
  return d;
}

// a·b·…, or a rejection when the product passes 2^53 - 1.
inline uint64_t CheckedProduct(std::initializer_list<uint64_t> factors, const char* name) {
  uint64_t total = 1;
  for (const uint64_t f : factors) {
    XAI_CHECK_ARG(f == 0 || total <= uint64_t(kMaxSafeInteger) / f,
                  "Expected a size of at most 2^53 - 1 for " << name << " but received a larger one");
    total *= f;
  }
  return total;
}

inline void ExpectLength(std::size_t actual, uint64_t expected, const char* name) {
  XAI_CHECK_ARG(actual == expected, "Expected " << expected << " values for " << name
                                                << " but received " << actual);
}

// 'cpu' or 'cuda'.
// 'cpu', 'cuda', or 'cuda-keep': CUDA for a caller that never modifies kernel outputs, so
// that large outputs keep their device copy for later calls (cuda/kernels.h, residency).
struct DeviceChoice {
  bool cuda;
  bool keep;
};

inline DeviceChoice DeviceArg(const Napi::CallbackInfo& info, std::size_t i) {
  const Napi::Value v = info[i];
  XAI_CHECK_ARG(v.IsString(), "Expected 'cpu', 'cuda' or 'cuda-keep' for the device but received " << TypeName(v));
  const std::string s = v.As<Napi::String>().Utf8Value();
  XAI_CHECK_ARG(s == "cpu" || s == "cuda" || s == "cuda-keep",
                "Expected 'cpu', 'cuda' or 'cuda-keep' for the device but received '" << s << "'");
  return {s != "cpu", s == "cuda-keep"};
}

}  // namespace xai::binding
