#include "kernels/build_info.h"

#include <cstring>

#include "check.h"

int main() {
  XAI_EXPECT(std::strlen(xai::kernels::version()) > 0);
  XAI_EXPECT(std::strlen(xai::kernels::build_type()) > 0);
  XAI_EXPECT(std::strcmp(xai::kernels::compiler(), "unknown") != 0);
  XAI_EXPECT(xai::kernels::hardware_threads() >= 1);
  return xai::test::finish();
}
