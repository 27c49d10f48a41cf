// Runs with or without a GPU. On a GPU machine, set XAI_EXPECT_CUDA_DEVICES=1 to
// require that the CUDA build sees at least one device.
#include "cuda/device_query.h"

#include <cstdio>
#include <cstdlib>

#include "check.h"

int main() {
  const xai::cuda::DeviceQuery q = xai::cuda::query_devices();
  std::printf("compiled=%d devices=%d error=%s compiler=%s\n", q.compiled, q.devices,
              q.error.c_str(), q.compiler.c_str());

  XAI_EXPECT(q.devices >= 0);
  // Either devices were found or there is a reason why not, never both.
  XAI_EXPECT((q.devices > 0) == q.error.empty());
  XAI_EXPECT(q.compiled == !q.compiler.empty());
  if (!q.compiled) XAI_EXPECT(q.devices == 0);

  const char* expect = std::getenv("XAI_EXPECT_CUDA_DEVICES");
  if (expect != nullptr && std::atoi(expect) > 0) {
    XAI_EXPECT(q.compiled);
    XAI_EXPECT(q.devices >= std::atoi(expect));
  }
  return xai::test::finish();
}
