#include "kernels/curves.h"

#include <stdexcept>
#include <vector>

#include "check.h"

using namespace xai::kernels;

int main() {
  // y = 0, 1, 2 over x = 0, .5, 1: area 1, mean 1; y = 1, 1: area 1, mean 1; 0, 1, 0, 1, 0.
  const std::vector<float> y{0, 1, 2, 1, 3, 5};
  std::vector<float> auc(2), mean(2);
  curve_areas(y.data(), 2, 3, auc.data(), mean.data());
  XAI_EXPECT(auc[0] == 1.0f && mean[0] == 1.0f);
  XAI_EXPECT(auc[1] == 3.0f && mean[1] == 3.0f);
  const std::vector<float> z{0, 1, 0, 1, 0};
  curve_areas(z.data(), 1, 5, auc.data(), mean.data());
  XAI_EXPECT(auc[0] == 0.5f && mean[0] == 0.4f);
  XAI_EXPECT_THROWS(curve_areas(y.data(), 6, 1, auc.data(), mean.data()), std::invalid_argument);
  return xai::test::finish();
}
