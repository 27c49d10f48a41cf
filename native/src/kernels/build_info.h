// What this build of the kernels is: reported by the addon's describe().
#pragma once

namespace xai::kernels {

// The package version, from native/package.json.
const char* version();

// The C++ compiler that built the kernels, e.g. "GNU 12.2.0".
const char* compiler();

// How many threads the CPU kernels may use; at least 1.
unsigned hardware_threads();

}  // namespace xai::kernels
