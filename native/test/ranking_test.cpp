#include "kernels/ranking.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "check.h"

using namespace xai::kernels;

// The contract's order, by a plain stable sort.
static std::vector<int32_t> reference(const std::vector<float>& v) {
  std::vector<int32_t> idx(v.size());
  std::iota(idx.begin(), idx.end(), 0);
  std::stable_sort(idx.begin(), idx.end(), [&](int32_t a, int32_t b) { return v[a] > v[b]; });
  return idx;
}

int main() {
  const float inf = std::numeric_limits<float>::infinity();
  {
    // Ties keep index order; +0 and -0 tie; infinities sort at the ends.
    const std::vector<float> v{1.0f, 3.0f, -0.0f, 3.0f, inf, 0.0f, -inf, 1.0f};
    std::vector<int32_t> out(8);
    argsort_descending(v.data(), 1, 8, 8, out.data());
    const std::vector<int32_t> expect{4, 1, 3, 0, 7, 2, 5, 6};
    XAI_EXPECT(out == expect);
    std::vector<int32_t> top(3);
    argsort_descending(v.data(), 1, 8, 3, top.data());
    XAI_EXPECT(top[0] == 4 && top[1] == 1 && top[2] == 3);
  }
  {
    // Several rows, and one long row sorted in parallel chunks then merged, with many ties.
    for (std::size_t n : {std::size_t(5), std::size_t(100), std::size_t(300), std::size_t(150528)}) {
      const std::size_t rows = n > 1000 ? 1 : 7;
      std::vector<float> v(rows * n);
      for (std::size_t i = 0; i < v.size(); ++i) v[i] = float(int((i * 2654435761u) % 97) - 48) * 0.5f;
      std::vector<int32_t> out(rows * n);
      argsort_descending(v.data(), rows, n, n, out.data());
      bool ok = true;
      for (std::size_t r = 0; r < rows; ++r) {
        const std::vector<float> row(v.begin() + r * n, v.begin() + (r + 1) * n);
        const std::vector<int32_t> ref = reference(row);
        ok = ok && std::equal(ref.begin(), ref.end(), out.begin() + r * n);
      }
      XAI_EXPECT(ok);
    }
  }
  {
    const std::vector<float> v{1.0f, std::nanf("")};
    std::vector<int32_t> out(2);
    XAI_EXPECT_THROWS(argsort_descending(v.data(), 1, 2, 2, out.data()), std::invalid_argument);
    XAI_EXPECT_THROWS(argsort_descending(v.data(), 1, 2, 3, out.data()), std::invalid_argument);
  }
  {
    // 2x2 image, order 3, 0, 2, 1; 2 steps of 2 pixels: masks {}, {3, 0}, all.
    const std::vector<int32_t> order{3, 0, 2, 1};
    std::vector<float> out(12);
    rank_masks(order.data(), 1, 4, 2, 2, 0, 3, false, out.data());
    const std::vector<float> insertion{0, 0, 0, 0, 1, 0, 0, 1, 1, 1, 1, 1};
    XAI_EXPECT(out == insertion);
    rank_masks(order.data(), 1, 4, 2, 2, 0, 3, true, out.data());
    for (std::size_t i = 0; i < 12; ++i) XAI_EXPECT(out[i] == 1.0f - insertion[i]);
    // 3 steps of 1 pixel stop short of the full image; 3 steps of 3 clamp at n.
    std::vector<float> short_masks(16);
    rank_masks(order.data(), 1, 4, 3, 1, 0, 4, false, short_masks.data());
    XAI_EXPECT(short_masks[4 + 3] == 1.0f && short_masks[4 + 0] == 0.0f);
    XAI_EXPECT(short_masks[12 + 1] == 0.0f && short_masks[12 + 2] == 1.0f);
    std::vector<float> four(16);
    rank_masks(order.data(), 1, 4, 3, 3, 0, 4, false, four.data());
    XAI_EXPECT(four[8] == 1.0f && four[9] == 1.0f && four[12] == 1.0f && four[13] == 1.0f);
    // A range: masks 1 and 2 of 3 steps of 1 pixel are the middle of the full set.
    std::vector<float> middle(8);
    rank_masks(order.data(), 1, 4, 3, 1, 1, 2, false, middle.data());
    XAI_EXPECT(std::equal(middle.begin(), middle.end(), short_masks.begin() + 4));
    XAI_EXPECT_THROWS(rank_masks(order.data(), 1, 4, 3, 1, 2, 3, false, out.data()), std::invalid_argument);
    XAI_EXPECT_THROWS(rank_masks(order.data(), 1, 4, 3, 1, 0, 0, false, out.data()), std::invalid_argument);
    const std::vector<int32_t> twice{0, 1, 1, 3};
    XAI_EXPECT_THROWS(rank_masks(twice.data(), 1, 4, 2, 2, 0, 3, false, out.data()), std::invalid_argument);
    const std::vector<int32_t> out_of_range{0, 1, 2, 4};
    XAI_EXPECT_THROWS(rank_masks(out_of_range.data(), 1, 4, 2, 2, 0, 3, false, out.data()), std::invalid_argument);
  }
  XAI_EXPECT(descending_key(0.0f) == descending_key(-0.0f));
  XAI_EXPECT(descending_key(2.0f) < descending_key(1.0f));
  XAI_EXPECT(descending_key(-1.0f) < descending_key(-2.0f));
  return xai::test::finish();
}
