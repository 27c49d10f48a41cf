// A tiny assertion helper for the C++ tests: no framework, so the tests build anywhere
// cmake and a compiler do (the GPU machine included). A failed check prints where and
// what, and the test's main() returns xai::test::finish(), non-zero after any failure.
#pragma once

#include <cmath>
#include <cstdio>
#include <exception>

namespace xai::test {

inline int& failures() {
  static int count = 0;
  return count;
}

inline void fail(const char* file, int line, const char* what) {
  std::fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
  ++failures();
}

inline int finish() {
  if (failures() > 0) std::fprintf(stderr, "%d check(s) failed\n", failures());
  return failures() > 0 ? 1 : 0;
}

}  // namespace xai::test

#define XAI_EXPECT(cond) \
  ((cond) ? (void)0 : ::xai::test::fail(__FILE__, __LINE__, #cond))

#define XAI_EXPECT_NEAR(a, b, tol) \
  XAI_EXPECT(std::fabs(static_cast<double>(a) - static_cast<double>(b)) <= (tol))

// Passes only if `expr` throws an exception of type `type`.
#define XAI_EXPECT_THROWS(expr, type)                                                   \
  do {                                                                                  \
    bool xai_thrown_ = false;                                                           \
    try {                                                                               \
      (void)(expr);                                                                     \
    } catch (const type&) {                                                             \
      xai_thrown_ = true;                                                               \
    } catch (const std::exception& e) {                                                 \
      std::fprintf(stderr, "  threw another exception: %s\n", e.what());                \
    }                                                                                   \
    if (!xai_thrown_) ::xai::test::fail(__FILE__, __LINE__, #expr " throws " #type);   \
  } while (false)
