#include "kernels/checked_sum.h"

#include <limits>
#include <stdexcept>
#include <vector>

#include "check.h"

using xai::kernels::checked_sum;

int main() {
  const std::vector<float> x{1.5f, -2.0f, 4.25f};
  XAI_EXPECT_NEAR(checked_sum(x.data(), x.size()), 3.75, 0.0);

  // Empty input sums to 0, with or without a pointer.
  XAI_EXPECT(checked_sum(nullptr, 0) == 0.0);
  XAI_EXPECT(checked_sum(x.data(), 0) == 0.0);

  // Accumulated in double: a million 0.1f stay close to their true sum.
  const std::vector<float> many(1000000, 0.1f);
  XAI_EXPECT_NEAR(checked_sum(many.data(), many.size()), 1e6 * double(0.1f), 1e-6);

  XAI_EXPECT_THROWS(checked_sum(nullptr, 3), std::invalid_argument);
  const std::vector<float> nan{1.0f, std::numeric_limits<float>::quiet_NaN()};
  XAI_EXPECT_THROWS(checked_sum(nan.data(), nan.size()), std::invalid_argument);
  const std::vector<float> inf{std::numeric_limits<float>::infinity()};
  XAI_EXPECT_THROWS(checked_sum(inf.data(), inf.size()), std::invalid_argument);

  return xai::test::finish();
}
