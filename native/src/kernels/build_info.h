// What this build of the kernels is: reported by the addon's describe().
#pragma once

namespace xai::kernels {

// The version of @xai/backend-cuda it was built for (its loader checks it).
const char* version();

// The CMake build type, e.g. "Release" or "Debug".
const char* build_type();

// The C++ compiler that built the kernels, e.g. "GNU 12.2.0".
const char* compiler();

// How many threads the CPU kernels may use; at least 1.
unsigned hardware_threads();

}  // namespace xai::kernels
