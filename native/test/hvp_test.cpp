#include "kernels/hvp.h"

#include <stdexcept>
#include <vector>

#include "check.h"

using namespace xai::kernels;

int main() {
  // p = (0.5, 0.25, 0.25), u = (1, 2, -4): s = 0.5 + 0.5 - 1 = 0; out = p ⊙ u.
  const std::vector<float> p{0.5f, 0.25f, 0.25f, 1.0f, 0.0f, 0.0f};
  const std::vector<float> u{1.0f, 2.0f, -4.0f, 3.0f, 5.0f, 7.0f};
  std::vector<float> out(6);
  softmax_hvp(p.data(), u.data(), 2, 3, out.data());
  XAI_EXPECT(out[0] == 0.5f && out[1] == 0.5f && out[2] == -1.0f);
  // A one-hot p gives zero: s = u_0, out_0 = 1·(u_0 − u_0).
  XAI_EXPECT(out[3] == 0.0f && out[4] == 0.0f && out[5] == 0.0f);

  const std::vector<float> plus{1.0f, 0.5f, -2.0f}, minus{0.0f, 1.5f, -2.0f};
  std::vector<float> d(3);
  central_difference(plus.data(), minus.data(), 3, 0.25, d.data());
  XAI_EXPECT(d[0] == 2.0f && d[1] == -2.0f && d[2] == 0.0f);
  // 0.1 in float64, not float32: (1 − 0) / 0.2 rounded once.
  central_difference(plus.data(), minus.data(), 1, 0.1, d.data());
  XAI_EXPECT(d[0] == float(1.0 / 0.2));
  XAI_EXPECT_THROWS(central_difference(plus.data(), minus.data(), 3, 0.0, d.data()), std::invalid_argument);
  XAI_EXPECT_THROWS(softmax_hvp(p.data(), u.data(), 0, 3, out.data()), std::invalid_argument);
  return xai::test::finish();
}
