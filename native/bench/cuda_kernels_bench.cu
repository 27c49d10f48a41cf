// The CUDA kernels timed alone with CUDA events (device memory in and out, copies excluded),
// against the device's memory bandwidth and against the CPU kernels on the same machine.
//
//   cmake -S native -B native/build-bench -DXAI_BUILD_BENCH=ON -DXAI_CUDA=ON
//   cmake --build native/build-bench --target cuda_kernels_bench
//   native/build-bench/bench/cuda_kernels_bench [report.md]
//
// Every case first checks the GPU's output against the CPU kernel's (bit for bit; the
// outputs are poisoned with NaN before each run, so an unwritten element fails), then
// times `repeat` runs after warm-up runs and keeps the median. Exits 1 when a check fails,
// 77 without a usable device.
#include <cuda_runtime.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "cuda/device_query.h"
#include "cuda/kernels.h"
#include "cuda/launch.h"
#include "kernels/curves.h"
#include "kernels/perturb.h"
#include "kernels/random.h"
#include "kernels/ranking.h"
#include "kernels/thread_pool.h"

namespace k = xai::kernels;
namespace cu = xai::cuda;
namespace L = xai::cuda::launch;

namespace {

void check(cudaError_t err, const char* what) {
  if (err != cudaSuccess) {
    throw std::runtime_error(std::string(what) + ": " + cudaGetErrorName(err) + ": " + cudaGetErrorString(err));
  }
}
#define CK(call) check((call), #call)

int failures = 0;
void expect(bool ok, const std::string& what) {
  if (!ok) {
    std::fprintf(stderr, "CHECK FAILED: %s\n", what.c_str());
    ++failures;
  }
}

template <typename T>
struct Dev {
  T* p = nullptr;
  std::size_t n = 0;
  explicit Dev(std::size_t count) : n(count) { CK(cudaMalloc(reinterpret_cast<void**>(&p), std::max<std::size_t>(1, n) * sizeof(T))); }
  Dev(const std::vector<T>& host) : Dev(host.size()) { put(host); }
  Dev(const Dev&) = delete;
  ~Dev() { cudaFree(p); }
  void put(const std::vector<T>& host) { CK(cudaMemcpy(p, host.data(), n * sizeof(T), cudaMemcpyHostToDevice)); }
  std::vector<T> get() const {
    std::vector<T> h(n);
    CK(cudaMemcpy(h.data(), p, n * sizeof(T), cudaMemcpyDeviceToHost));
    return h;
  }
  void poison() { CK(cudaMemset(p, 0xFF, n * sizeof(T))); }  // NaN for floats, -1 for ints
};

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}
std::size_t max_ulps(const std::vector<float>& a, const std::vector<float>& b) {
  std::size_t worst = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    int32_t ia, ib;
    std::memcpy(&ia, &a[i], 4);
    std::memcpy(&ib, &b[i], 4);
    if (ia < 0) ia = int32_t(0x80000000u) - ia;
    if (ib < 0) ib = int32_t(0x80000000u) - ib;
    const std::size_t d = std::size_t(std::llabs(int64_t(ia) - int64_t(ib)));
    if (std::isnan(a[i]) != std::isnan(b[i])) return SIZE_MAX;
    worst = std::max(worst, d);
  }
  return worst;
}

std::vector<float> uniform(std::size_t n, uint64_t stream) {
  std::vector<float> v(n);
  k::fill_uniform(v.data(), n, 2026, stream, 0);
  return v;
}

// Median milliseconds of `repeat` runs of `body` on the default stream, timed with events,
// after `warmup` untimed runs.
double time_gpu(const std::function<void(int)>& body, int warmup = 5, int repeat = 50) {
  for (int i = 0; i < warmup; ++i) body(i);
  CK(cudaDeviceSynchronize());
  cudaEvent_t a, b;
  CK(cudaEventCreate(&a));
  CK(cudaEventCreate(&b));
  std::vector<double> ms;
  for (int i = 0; i < repeat; ++i) {
    CK(cudaEventRecord(a));
    body(i);
    CK(cudaEventRecord(b));
    CK(cudaEventSynchronize(b));
    float t = 0;
    CK(cudaEventElapsedTime(&t, a, b));
    ms.push_back(t);
  }
  CK(cudaGetLastError());
  cudaEventDestroy(a);
  cudaEventDestroy(b);
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

// Median milliseconds of host-side work (CPU kernels, or host-memory CUDA calls).
double time_host(const std::function<void()>& body, int warmup = 2, int repeat = 9) {
  for (int i = 0; i < warmup; ++i) body();
  std::vector<double> ms;
  for (int i = 0; i < repeat; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    body();
    const auto t1 = std::chrono::steady_clock::now();
    ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

struct Row {
  std::string name;
  double gpu_ms, bytes, cpu_ms;
  std::string goal, verdict;
};
std::vector<Row> rows;

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

double peak_theoretical = 0, peak_copy = 0;

// A perturbation batch: checked against the CPU, timed on device memory; CPU timed too.
void perturb_case(const std::string& name, std::size_t N, std::size_t C, std::size_t H, std::size_t W,
                  std::size_t h, std::size_t w, bool noisy, bool goal) {
  const std::size_t size = C * H * W;
  const std::vector<float> x = uniform(size, 1), masks = uniform(N * h * w, 2);
  k::PerturbNoise noise;
  if (noisy) {
    noise.enabled = true;
    noise.sigma_scalar = 0.15f;
    noise.seed = 7;
    noise.stream = 3;
  }
  std::vector<float> expect_out(N * size);
  k::perturb(x.data(), C, H, W, nullptr, 0.0f, masks.data(), N, h, w, noise, expect_out.data());
  Dev<float> dx(x), dm(masks), out(N * size);
  const auto ys = L::host_taps(h, H), xs = L::host_taps(w, W);
  Dev<L::Tap> dys(ys), dxs(xs);
  out.poison();
  L::perturb(dx.p, C, H, W, nullptr, 0.0f, dm.p, N, h, w, dys.p, dxs.p, noise, out.p, nullptr);
  CK(cudaDeviceSynchronize());
  const std::vector<float> got = out.get();
  if (noisy) {
    const std::size_t u = max_ulps(expect_out, got);
    expect(u <= 2, name + ": GPU within 2 ulp of the CPU (max " + std::to_string(u) + ")");
  } else {
    expect(same_bits(expect_out, got), name + ": GPU bit-identical to the CPU");
  }
  const double ms = time_gpu([&](int) {
    L::perturb(dx.p, C, H, W, nullptr, 0.0f, dm.p, N, h, w, dys.p, dxs.p, noise, out.p, nullptr);
  });
  // The general kernel (one pixel a thread), the reference for the four-pixel one.
  out.poison();
  L::perturb(dx.p, C, H, W, nullptr, 0.0f, dm.p, N, h, w, dys.p, dxs.p, noise, out.p, nullptr, false);
  CK(cudaDeviceSynchronize());
  const std::vector<float> general_out = out.get();
  expect(noisy ? max_ulps(expect_out, general_out) <= 2 : same_bits(expect_out, general_out),
         name + ": general kernel matches the CPU");
  const double general_ms = time_gpu([&](int) {
    L::perturb(dx.p, C, H, W, nullptr, 0.0f, dm.p, N, h, w, dys.p, dxs.p, noise, out.p, nullptr, false);
  });
  const double bytes = double(N * size + size + N * h * w) * 4.0;
  const double cpu = time_host([&] {
    k::perturb(x.data(), C, H, W, nullptr, 0.0f, masks.data(), N, h, w, noise, expect_out.data());
  });
  const double share = bytes / (ms * 1e-3) / peak_theoretical;
  rows.push_back({name, ms, bytes, cpu, goal ? "≥ 70% of peak" : "",
                  goal ? (share >= 0.7 ? "met" : "not met") : ""});
  rows.push_back({"  the same, one pixel a thread (general kernel)", general_ms, bytes, cpu, "", ""});
}

void argsort_case(const std::string& name, std::size_t R, std::size_t n, double goal_ms) {
  // Eight different inputs in rotation, so repeated runs do not sort what the cache holds.
  const int sets = 8;
  std::vector<std::vector<float>> values;
  for (int s = 0; s < sets; ++s) {
    std::vector<float> v = uniform(R * n, 10 + s);
    // Ties and signed zeros, which the order must break by index.
    for (std::size_t i = 0; i < v.size(); i += 7) v[i] = std::floor(v[i] * 16.0f) / 16.0f;
    v[1] = -0.0f;
    v[2] = 0.0f;
    values.push_back(std::move(v));
  }
  std::vector<Dev<float>*> dv;
  for (auto& v : values) dv.push_back(new Dev<float>(v));
  const std::size_t ws = L::argsort_workspace_bytes(R, n);
  Dev<unsigned char> workspace(ws);
  Dev<int32_t> out(R * n);
  std::vector<int32_t> want(R * n);
  for (int s = 0; s < 2; ++s) {
    out.poison();
    L::argsort_descending(dv[s]->p, R, n, n, workspace.p, ws, out.p, nullptr);
    CK(cudaDeviceSynchronize());
    k::argsort_descending(values[s].data(), R, n, n, want.data());
    expect(out.get() == want, name + ": GPU order identical to the CPU's (ties by index)");
  }
  const double ms = time_gpu([&](int i) {
    L::argsort_descending(dv[i % sets]->p, R, n, n, workspace.p, ws, out.p, nullptr);
  }, 10, 101);
  int which = 0;
  const double cpu = time_host([&] {
    k::argsort_descending(values[which++ % sets].data(), R, n, n, want.data());
  });
  for (auto* d : dv) delete d;
  rows.push_back({name, ms, double(R * n) * 8.0, cpu, goal_ms > 0 ? "< " + fmt("%.1f", goal_ms) + " ms" : "",
                  goal_ms > 0 ? (ms < goal_ms ? "met" : "not met") : ""});
}

// What an insertion + deletion evaluation of one 224x224 map does apart from the model, as
// in bench/kernels/run.mjs: rank the map, then for each mode 51 step masks, the blend of
// the 51x3x224x224 batch, a stand-in score per step and the curve's area.
void curves_case() {
  const std::size_t C = 3, H = 224, W = 224, n = H * W, steps = 50, S = steps + 1;
  const std::size_t per_step = (n + steps - 1) / steps;
  const std::vector<float> x = uniform(C * n, 20), map = uniform(n, 21);
  Dev<float> dx(x), dmap(map), masks(S * n), batch(S * C * n), scores(S), auc(1), mean(1);
  Dev<int32_t> order(n);
  Dev<uint32_t> position(n);
  const std::size_t ws = L::argsort_workspace_bytes(1, n);
  Dev<unsigned char> workspace(ws);
  const auto taps = L::host_taps(H, H);
  Dev<L::Tap> dt(taps);
  float area_gpu = 0;
  auto run = [&] {
    L::argsort_descending(dmap.p, 1, n, n, workspace.p, ws, order.p, nullptr);
    L::inverse_permutations(order.p, 1, n, position.p, nullptr);
    for (bool deletion : {false, true}) {
      L::rank_masks(position.p, 1, n, 0, S, per_step, deletion, masks.p, nullptr);
      L::perturb(dx.p, C, H, W, nullptr, 0.0f, masks.p, S, H, W, dt.p, dt.p, k::PerturbNoise{}, batch.p, nullptr);
      // Stand-in scores (the model is not part of this benchmark): the first value of each step.
      CK(cudaMemcpy2DAsync(scores.p, sizeof(float), batch.p, C * n * sizeof(float), sizeof(float), S,
                           cudaMemcpyDeviceToDevice, nullptr));
      L::curve_areas(scores.p, 1, S, auc.p, mean.p, nullptr);
    }
  };
  run();
  CK(cudaDeviceSynchronize());
  area_gpu = auc.get()[0];
  // The CPU's last curve (deletion), the same operations.
  std::vector<int32_t> h_order(n);
  std::vector<float> h_masks(S * n), h_batch(S * C * n), h_scores(S);
  float a = 0, m = 0;
  auto cpu_run = [&] {
    k::argsort_descending(map.data(), 1, n, n, h_order.data());
    for (bool deletion : {false, true}) {
      k::rank_masks(h_order.data(), 1, n, steps, per_step, 0, S, deletion, h_masks.data());
      k::perturb(x.data(), C, H, W, nullptr, 0.0f, h_masks.data(), S, H, W, k::PerturbNoise{}, h_batch.data());
      for (std::size_t s = 0; s < S; ++s) h_scores[s] = h_batch[s * C * n];
      k::curve_areas(h_scores.data(), 1, S, &a, &m);
    }
  };
  cpu_run();
  expect(std::memcmp(&a, &area_gpu, sizeof a) == 0, "curve building: GPU area bit-identical to the CPU's");
  expect(same_bits(batch.get(), h_batch), "curve building: GPU deletion batch bit-identical to the CPU's");
  const double ms = time_gpu([&](int) { run(); }, 3, 30);
  const double cpu = time_host(cpu_run, 1, 5);
  rows.push_back({"insertion + deletion curve building, 224×224, 50 steps each (device memory)", ms,
                  2.0 * double(S * C * n + S * n) * 4.0, cpu, "", ""});

  // The same through the host-memory functions (what the addon calls): every input uploaded
  // and every output downloaded; then with the step masks kept on the device for perturb.
  std::vector<float> hm(S * n), hb(S * C * n);
  std::vector<int32_t> ho(n);
  auto host_path = [&](bool keep) {
    cu::ResidencyScope scope(keep);
    cu::argsort_descending(map.data(), 1, n, n, ho.data());
    for (bool deletion : {false, true}) {
      cu::rank_masks(ho.data(), 1, n, steps, per_step, 0, S, deletion, hm.data());
      cu::perturb(x.data(), C, H, W, nullptr, 0.0f, hm.data(), S, H, W, k::PerturbNoise{}, hb.data());
      for (std::size_t s = 0; s < S; ++s) h_scores[s] = hb[s * C * n];
      cu::curve_areas(h_scores.data(), 1, S, &a, &m);
    }
  };
  const double copies = time_host([&] { host_path(false); }, 2, 9);
  cu::track_output(hm.data(), hm.size() * sizeof(float));
  const cu::TransferCounts before = cu::transfer_counts();
  const double kept = time_host([&] { host_path(true); }, 2, 9);
  const cu::TransferCounts after = cu::transfer_counts();
  cu::forget_output(hm.data());
  expect(after.reused > before.reused, "curve building: step masks reused on the device with residency on");
  expect(same_bits(hb, h_batch), "curve building (host path): batch bit-identical to the CPU's");
  rows.push_back({"the same through host memory (uploads and downloads; wall clock)", copies, 0, cpu, "", ""});
  rows.push_back({"the same, step masks kept on the device (`keepOutputsOnDevice`)", kept, 0, cpu, "", ""});
}

void measure_peaks() {
  int dev = 0, clock_khz = 0, bus_bits = 0;
  CK(cudaGetDevice(&dev));
  CK(cudaDeviceGetAttribute(&clock_khz, cudaDevAttrMemoryClockRate, dev));
  CK(cudaDeviceGetAttribute(&bus_bits, cudaDevAttrGlobalMemoryBusWidth, dev));
  // Double data rate: two transfers a clock.
  peak_theoretical = 2.0 * double(clock_khz) * 1e3 * double(bus_bits) / 8.0;
  const std::size_t bytes = std::size_t(1) << 30;
  void *a = nullptr, *b = nullptr;
  CK(cudaMalloc(&a, bytes));
  CK(cudaMalloc(&b, bytes));
  CK(cudaMemset(a, 1, bytes));
  const double ms = time_gpu([&](int) { CK(cudaMemcpyAsync(b, a, bytes, cudaMemcpyDeviceToDevice)); }, 3, 20);
  peak_copy = 2.0 * double(bytes) / (ms * 1e-3);  // read + written
  cudaFree(a);
  cudaFree(b);
}

}  // namespace

int main(int argc, char** argv) {
  const cu::DeviceQuery q = cu::query_devices();
  if (q.devices < 1) {
    std::printf("SKIPPED: needs a GPU: %s\n", q.error.c_str());
    return 77;
  }
  try {
    cudaDeviceProp prop{};
    CK(cudaGetDeviceProperties(&prop, 0));
    measure_peaks();
    perturb_case("perturb 64×3×224×224, 7×7 masks (RISE)", 64, 3, 224, 224, 7, 7, false, true);
    perturb_case("perturb 512×3×224×224, 7×7 masks (RISE, large batch)", 512, 3, 224, 224, 7, 7, false, true);
    perturb_case("perturb 51×3×224×224, 224×224 masks (insertion steps)", 51, 3, 224, 224, 224, 224, false, true);
    perturb_case("perturb 64×3×224×224, 1×1 masks + σ=0.15 noise (SmoothGrad)", 64, 3, 224, 224, 1, 1, true, false);
    argsort_case("argsortDescending of 150,528 values (one row)", 1, 150528, 0.2);
    argsort_case("argsortDescending of 3×224×224 (672 rows of 224)", 672, 224, 0);
    curves_case();

    std::string md;
    md += "Device: " + std::string(prop.name) + ", " + std::to_string(prop.multiProcessorCount) +
          " SMs, " + fmt("%.0f", double(prop.totalGlobalMem) / (1 << 30)) + " GiB; memory bandwidth " +
          fmt("%.0f", peak_theoretical / 1e9) + " GB/s by its clock and bus width, " +
          fmt("%.0f", peak_copy / 1e9) + " GB/s measured by a 1 GiB device-to-device copy (read + written). " +
          "CPU kernels on the same machine: " + std::to_string(k::pool_threads()) + " threads.\n\n";
    md += "| case | GPU (ms) | GB/s | % of peak | % of copy | CPU (ms) | GPU speed-up | goal | |\n";
    md += "|---|---:|---:|---:|---:|---:|---:|---|---|\n";
    for (const Row& r : rows) {
      const double gbs = r.bytes > 0 ? r.bytes / (r.gpu_ms * 1e-3) / 1e9 : 0;
      md += "| " + r.name + " | " + fmt("%.4f", r.gpu_ms) + " | " + (r.bytes > 0 ? fmt("%.0f", gbs) : "") +
            " | " + (r.bytes > 0 ? fmt("%.0f%%", 100.0 * gbs * 1e9 / peak_theoretical) : "") + " | " +
            (r.bytes > 0 ? fmt("%.0f%%", 100.0 * gbs * 1e9 / peak_copy) : "") + " | " + fmt("%.2f", r.cpu_ms) +
            " | " + fmt("%.1f×", r.cpu_ms / r.gpu_ms) + " | " + r.goal + " | " + r.verdict + " |\n";
    }
    md += "\nChecks failed: " + std::to_string(failures) + "\n";
    std::fputs(md.c_str(), stdout);
    if (argc > 1) {
      FILE* f = std::fopen(argv[1], "w");
      if (f != nullptr) {
        std::fputs(md.c_str(), f);
        std::fclose(f);
      }
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return failures > 0 ? 1 : 0;
}
