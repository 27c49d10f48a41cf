#include "kernels/build_info.h"

#include <thread>

#ifndef XAI_VERSION
#define XAI_VERSION "unknown"
#endif
#ifndef XAI_BUILD_TYPE
#define XAI_BUILD_TYPE "unknown"
#endif

#define XAI_STR2(x) #x
#define XAI_STR(x) XAI_STR2(x)

namespace xai::kernels {

const char* version() { return XAI_VERSION; }

const char* build_type() { return XAI_BUILD_TYPE; }

const char* compiler() {
  // clang defines __GNUC__ too, so it is tested first.
#if defined(__clang__)
  return "Clang " __clang_version__;
#elif defined(__GNUC__)
  return "GNU " XAI_STR(__GNUC__) "." XAI_STR(__GNUC_MINOR__) "." XAI_STR(__GNUC_PATCHLEVEL__);
#elif defined(_MSC_VER)
  return "MSVC " XAI_STR(_MSC_FULL_VER);
#else
  return "unknown";
#endif
}

unsigned hardware_threads() {
  // hardware_concurrency() may return 0 when it cannot tell.
  const unsigned n = std::thread::hardware_concurrency();
  return n > 0 ? n : 1;
}

}  // namespace xai::kernels
