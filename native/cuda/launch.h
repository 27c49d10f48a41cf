// The CUDA kernels on device memory: launches on a stream, no copies, no synchronisation.
// The host-memory functions of kernels.h check their arguments, upload, call these and
// download; the benchmark (bench/cuda_kernels_bench.cu) times these alone with CUDA events,
// so that what it reports is the kernels' own throughput. Arguments are not checked here:
// callers pass what the host functions have checked.
#pragma once

#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "kernels/perturb.h"

namespace xai::cuda::launch {

// The bilinear taps of one output index of one axis, from kernels::axis_taps (the very
// values the CPU uses), uploaded once per shape.
struct Tap {
  int32_t lo, hi;
  double t, one_minus_t;
};
std::vector<Tap> host_taps(std::size_t in, std::size_t out, bool align_corners = false);

// Philox draws (uniform or normal) for counters [offset, offset + n) into out.
void fill(float* out, std::size_t n, uint64_t seed, uint64_t stream, uint64_t offset, bool normal,
          cudaStream_t s);

// N masks [h, w] resampled to [H, W] (ys: H taps, xs: W taps).
void upsample(const float* masks, std::size_t N, std::size_t h, std::size_t w, std::size_t H,
              std::size_t W, const Tap* ys, const Tap* xs, float* out, cudaStream_t s);

// The perturbation batch [N, C, H, W]; baseline may be null (then baseline_scalar), and
// noise.sigma, when set, points to device memory. `quads`: four pixels a thread where rows
// allow it (W % 4 == 0, 16-byte aligned arrays); false forces one pixel a thread (the
// general kernel, which the benchmark compares).
void perturb(const float* x, std::size_t C, std::size_t H, std::size_t W, const float* baseline,
             float baseline_scalar, const float* masks, std::size_t N, std::size_t h,
             std::size_t w, const Tap* ys, const Tap* xs, const kernels::PerturbNoise& noise,
             float* out, cudaStream_t s, bool quads = true);

// Stable descending argsort of rows x n values, the first `keep` indices of each row to out.
// Needs argsort_workspace_bytes(rows, n) bytes of device memory at workspace.
std::size_t argsort_workspace_bytes(std::size_t rows, std::size_t n);
void argsort_descending(const float* values, std::size_t rows, std::size_t n, std::size_t keep,
                        void* workspace, std::size_t workspace_bytes, int32_t* out, cudaStream_t s);

// position[r][order[r][i]] = i for rows of permutations (valid permutations assumed).
void inverse_permutations(const int32_t* order, std::size_t rows, std::size_t n, uint32_t* position,
                          cudaStream_t s);

// Step masks [first, first + count) of each row from the positions (see kernels::rank_masks).
void rank_masks(const uint32_t* position, std::size_t rows, std::size_t n, std::size_t first,
                std::size_t count, std::size_t pixels_per_step, bool deletion, float* out,
                cudaStream_t s);

// Trapezoid area over [0, 1] and mean of each row of rows x n scores.
void curve_areas(const float* scores, std::size_t rows, std::size_t n, float* auc, float* mean,
                 cudaStream_t s);

}  // namespace xai::cuda::launch
