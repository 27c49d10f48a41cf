#include "kernels/ranking.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "kernels/thread_pool.h"

namespace xai::kernels {

uint32_t descending_key(float v) {
  if (v == 0.0f) v = 0.0f;  // -0 ties +0
  uint32_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  // Ascending order of floats as unsigned integers, then reversed.
  const uint32_t ascending = (bits & 0x80000000u) ? ~bits : (bits | 0x80000000u);
  return ~ascending;
}

namespace {

// Sorts items (key << 32 | index) ascending by key with a stable LSD radix sort of the key's
// four bytes; the items enter in index order, so ties keep index order. Uses tmp as scratch.
void radix_sort_keys(uint64_t* items, uint64_t* tmp, std::size_t n) {
  uint64_t* src = items;
  uint64_t* dst = tmp;
  for (unsigned shift = 32; shift < 64; shift += 8) {
    std::size_t count[257] = {0};
    for (std::size_t i = 0; i < n; ++i) ++count[((src[i] >> shift) & 0xFF) + 1];
    if (count[((src[0] >> shift) & 0xFF) + 1] == n) continue;  // one bucket: nothing moves
    for (int b = 0; b < 256; ++b) count[b + 1] += count[b];
    for (std::size_t i = 0; i < n; ++i) dst[count[(src[i] >> shift) & 0xFF]++] = src[i];
    std::swap(src, dst);
  }
  if (src != items) std::memcpy(items, src, n * sizeof(uint64_t));
}

// Sorts unique 64-bit keys ascending: insertion sort on runs of 8, then bottom-up merges
// whose inner step is branch-free (one compare selects the source). For short rows.
void merge_sort_keys(uint64_t* items, uint64_t* tmp, std::size_t n) {
  for (std::size_t start = 0; start < n; start += 8) {
    const std::size_t end = std::min(n, start + 8);
    for (std::size_t i = start + 1; i < end; ++i) {
      const uint64_t v = items[i];
      std::size_t j = i;
      while (j > start && items[j - 1] > v) {
        items[j] = items[j - 1];
        --j;
      }
      items[j] = v;
    }
  }
  uint64_t* src = items;
  uint64_t* dst = tmp;
  for (std::size_t width = 8; width < n; width *= 2) {
    for (std::size_t lo = 0; lo < n; lo += 2 * width) {
      const std::size_t mid = std::min(n, lo + width), hi = std::min(n, lo + 2 * width);
      std::size_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        const uint64_t a = src[i], b = src[j];
        const bool right = b < a;
        dst[k++] = right ? b : a;
        j += right;
        i += !right;
      }
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    std::swap(src, dst);
  }
  if (src != items) std::memcpy(items, src, n * sizeof(uint64_t));
}

void check_no_nan(const float* v, std::size_t n, std::size_t row) {
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isnan(v[i])) {
      throw std::invalid_argument("Expected no NaN for the values to rank but received NaN at row " +
                                  std::to_string(row) + ", index " + std::to_string(i));
    }
  }
}

void make_items(const float* v, std::size_t n, std::size_t first, uint64_t* items) {
  for (std::size_t i = 0; i < n; ++i) {
    items[i] = (uint64_t(descending_key(v[i])) << 32) | uint64_t(first + i);
  }
}

// One long row: sort chunks in parallel, then merge pairs of runs (the composite keys are
// unique, so a plain merge is stable).
void sort_long_row(const float* v, std::size_t n, std::vector<uint64_t>& items,
                   std::vector<uint64_t>& tmp) {
  const std::size_t parts = std::min<std::size_t>(pool_threads(), std::max<std::size_t>(1, n / 16384));
  const std::size_t size = (n + parts - 1) / parts;
  parallel_for(parts, 1, [&](std::size_t begin, std::size_t end) {
    for (std::size_t c = begin; c < end; ++c) {
      const std::size_t lo = c * size, hi = std::min(n, lo + size);
      if (lo >= hi) continue;
      make_items(v + lo, hi - lo, lo, items.data() + lo);
      radix_sort_keys(items.data() + lo, tmp.data() + lo, hi - lo);
    }
  });
  for (std::size_t width = size; width < n; width *= 2) {
    const std::size_t pairs = (n + 2 * width - 1) / (2 * width);
    parallel_for(pairs, 1, [&](std::size_t begin, std::size_t end) {
      for (std::size_t q = begin; q < end; ++q) {
        const std::size_t lo = q * 2 * width, mid = std::min(n, lo + width),
                          hi = std::min(n, lo + 2 * width);
        std::merge(items.begin() + lo, items.begin() + mid, items.begin() + mid,
                   items.begin() + hi, tmp.begin() + lo);
      }
    });
    std::swap(items, tmp);
  }
}

#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
#define XAI_VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define XAI_VECTOR_CLONES
#endif

// One step mask: 1 where the pixel is among the first `limit` of the order (0 for deletion).
// Branch-free, so it vectorises.
XAI_VECTOR_CLONES
void fill_mask(const uint32_t* __restrict pos, uint32_t limit, bool deletion, std::size_t n,
               float* __restrict out) {
  const uint32_t flip = deletion ? 1u : 0u;
  for (std::size_t p = 0; p < n; ++p) out[p] = float(uint32_t(pos[p] < limit) ^ flip);
}

}  // namespace

void argsort_descending(const float* values, std::size_t rows, std::size_t n, std::size_t keep,
                        int32_t* out) {
  if (rows == 0 || n == 0) throw std::invalid_argument("Expected a non-empty tensor for the values to rank but received a zero size");
  if (keep < 1 || keep > n) throw std::invalid_argument("Expected k in [1, " + std::to_string(n) + "] but received " + std::to_string(keep));
  if (n > 0x7FFFFFFF) throw std::invalid_argument("Expected rows of at most 2^31 - 1 values for the values to rank");
  if (!values || !out) throw std::invalid_argument("Expected value and output buffers but received null");
  parallel_for(rows, 1, [&](std::size_t begin, std::size_t end) {
    for (std::size_t r = begin; r < end; ++r) check_no_nan(values + r * n, n, r);
  });
  if (rows == 1 && n >= 32768) {
    std::vector<uint64_t> items(n), tmp(n);
    sort_long_row(values, n, items, tmp);
    for (std::size_t i = 0; i < keep; ++i) out[i] = int32_t(uint32_t(items[i]));
    return;
  }
  parallel_for(rows, std::max<std::size_t>(1, 4096 / n), [&](std::size_t begin, std::size_t end) {
    std::vector<uint64_t> items(n), tmp(n);
    for (std::size_t r = begin; r < end; ++r) {
      make_items(values + r * n, n, 0, items.data());
      // Short rows: a merge sort beats the radix sort's 256-bucket passes (measured: below
      // about 128 values). The keys are unique (the index is in the low word), so any sort
      // gives the stable order.
      if (n < 128) {
        merge_sort_keys(items.data(), tmp.data(), n);
      } else {
        radix_sort_keys(items.data(), tmp.data(), n);
      }
      int32_t* o = out + r * keep;
      for (std::size_t i = 0; i < keep; ++i) o[i] = int32_t(uint32_t(items[i]));
    }
  });
}

void check_permutations(const int32_t* order, std::size_t rows, std::size_t n, uint32_t* position) {
  parallel_for(rows, 1, [&](std::size_t begin, std::size_t end) {
    std::vector<uint8_t> seen(n);
    for (std::size_t r = begin; r < end; ++r) {
      std::fill(seen.begin(), seen.end(), 0);
      for (std::size_t i = 0; i < n; ++i) {
        const int32_t p = order[r * n + i];
        if (p < 0 || std::size_t(p) >= n || seen[p]) {
          throw std::invalid_argument(
              "Expected each row of the pixel order to be a permutation of 0.." + std::to_string(n - 1) +
              " but received " + std::to_string(p) + (p < 0 || std::size_t(p) >= n ? " out of range" : " twice") +
              " at row " + std::to_string(r) + ", position " + std::to_string(i));
        }
        seen[p] = 1;
        if (position != nullptr) position[r * n + std::size_t(p)] = uint32_t(i);
      }
    }
  });
}

void check_step_range(std::size_t steps, std::size_t first, std::size_t count) {
  if (count == 0 || first > steps || count > steps + 1 - first)
    throw std::invalid_argument("Expected a non-empty step range within [0, " + std::to_string(steps + 1) +
                                ") but received first " + std::to_string(first) + ", count " + std::to_string(count));
}

void rank_masks(const int32_t* order, std::size_t rows, std::size_t n, std::size_t steps,
                std::size_t pixels_per_step, std::size_t first, std::size_t count, bool deletion,
                float* out) {
  if (rows == 0 || n == 0 || steps == 0 || pixels_per_step == 0) throw std::invalid_argument("Expected a non-empty order, steps ≥ 1 and pixelsPerStep ≥ 1 for rankMasks but received a zero");
  check_step_range(steps, first, count);
  if (n > 0x7FFFFFFF) throw std::invalid_argument("Expected at most 2^31 - 1 pixels per row of the pixel order");
  if (!order || !out) throw std::invalid_argument("Expected order and output buffers but received null");
  // position[r·n + p] = where pixel p stands in row r's order.
  std::vector<uint32_t> position(rows * n);
  check_permutations(order, rows, n, position.data());
  const std::size_t masks = rows * count;
  parallel_for(masks, std::max<std::size_t>(1, (1 << 15) / n), [&](std::size_t begin, std::size_t end) {
    for (std::size_t m = begin; m < end; ++m) {
      const std::size_t r = m / count, s = first + m % count;
      // min(s·k, n) without overflow
      const std::size_t limit = s > n / pixels_per_step ? n : std::min(n, s * pixels_per_step);
      const uint32_t* pos = position.data() + r * n;
      float* o = out + m * n;
      fill_mask(pos, uint32_t(limit), deletion, n, o);
    }
  });
}

}  // namespace xai::kernels
