# Decides whether the CUDA kernels are built. XAI_CUDA: AUTO builds them when a CUDA
# compiler is found, ON requires one, OFF never looks. Sets XAI_CUDA_ENABLED.
set(XAI_CUDA AUTO CACHE STRING "Build the CUDA kernels: AUTO, ON or OFF")
set_property(CACHE XAI_CUDA PROPERTY STRINGS AUTO ON OFF)
# 80 = A100, 90 = H100/H200; each also embeds PTX, so newer GPUs JIT-compile it.
# "default" means these (scripts/build.mjs passes it when the variable is unset).
set(XAI_CUDA_ARCHITECTURES_DEFAULT "80;90")
set(XAI_CUDA_ARCHITECTURES "${XAI_CUDA_ARCHITECTURES_DEFAULT}" CACHE STRING
  "CUDA architectures to compile for, e.g. 80;90, or default")
if(XAI_CUDA_ARCHITECTURES STREQUAL "" OR XAI_CUDA_ARCHITECTURES STREQUAL "default")
  set(XAI_CUDA_ARCHITECTURES "${XAI_CUDA_ARCHITECTURES_DEFAULT}")
endif()

set(XAI_CUDA_ENABLED OFF)
string(TOUPPER "${XAI_CUDA}" XAI_CUDA_MODE)

if(XAI_CUDA_MODE STREQUAL "OFF")
  message(STATUS "xai: CUDA kernels off (XAI_CUDA=OFF)")
elseif(XAI_CUDA_MODE STREQUAL "ON" OR XAI_CUDA_MODE STREQUAL "AUTO")
  include(CheckLanguage)
  # check_language caches a miss too; look again, in case nvcc was installed since.
  if(NOT CMAKE_CUDA_COMPILER)
    unset(CMAKE_CUDA_COMPILER CACHE)
  endif()
  check_language(CUDA)
  if(CMAKE_CUDA_COMPILER)
    # Must be set before enable_language, or CMake picks its own default.
    set(CMAKE_CUDA_ARCHITECTURES "${XAI_CUDA_ARCHITECTURES}")
    enable_language(CUDA)
    set(XAI_CUDA_ENABLED ON)
    message(STATUS "xai: CUDA kernels on (${CMAKE_CUDA_COMPILER_ID} ${CMAKE_CUDA_COMPILER_VERSION}, architectures ${XAI_CUDA_ARCHITECTURES})")
  elseif(XAI_CUDA_MODE STREQUAL "ON")
    message(FATAL_ERROR "XAI_CUDA=ON but no CUDA compiler was found. Put nvcc on PATH or set CUDACXX, or configure with -DXAI_CUDA=AUTO.")
  else()
    message(STATUS "xai: CUDA kernels off (no CUDA compiler found)")
  endif()
else()
  message(FATAL_ERROR "XAI_CUDA must be AUTO, ON or OFF but is '${XAI_CUDA}'.")
endif()
