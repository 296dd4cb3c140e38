// Reference implementation of the static chain sweep, for benchmarking the TypeScript engine.
//
// Same model and same data layout as server/modules/chain/engine/static.ts (acyclic maps):
//   x_i = min(a_i, min over essential needs q of i: r_q + sum over links l of q: w_l * x_supplier(l))
// evaluated once per firm in the engine's topological order (read from the file, so both
// sweeps touch memory in the same order). Kahn's algorithm over the essential links is also
// run and timed, as the reference for the engine's ordering step. Input is the compact binary
// written by bench/chain/cpp.ts:
//
//   "FGCH" u32 version=2, u32 n, u32 m, u32 L,
//   f64 capacity[n], i32 needStart[n+1], u8 needEssential[m], f64 needOutside[m],
//   i32 linkStart[m+1], i32 linkSupplier[L], f64 linkShare[L], i32 order[n]   (little-endian)
//
// Usage: static_ref <network.bin> <x.out> <repetitions>
// Prints one JSON line {"orderMs":…, "sweepMs":[…], "acyclic":true|false}; writes f64 x[n].

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

template <typename T>
bool readArray(FILE* f, std::vector<T>& v, size_t count) {
  v.resize(count);
  return count == 0 || std::fread(v.data(), sizeof(T), count, f) == count;
}

double msSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s <network.bin> <x.out> <repetitions>\n", argv[0]);
    return 2;
  }
  FILE* f = std::fopen(argv[1], "rb");
  if (f == nullptr) {
    std::perror("open input");
    return 1;
  }
  char magic[4];
  uint32_t header[4];
  if (std::fread(magic, 1, 4, f) != 4 || std::memcmp(magic, "FGCH", 4) != 0 || std::fread(header, 4, 4, f) != 4 || header[0] != 2) {
    std::fprintf(stderr, "not a chain network file (version 2)\n");
    return 1;
  }
  const size_t n = header[1], m = header[2], L = header[3];
  std::vector<double> capacity, needOutside, linkShare;
  std::vector<int32_t> needStart, linkStart, linkSupplier, sweepOrder;
  std::vector<uint8_t> needEssential;
  bool ok = readArray(f, capacity, n) && readArray(f, needStart, n + 1) && readArray(f, needEssential, m) &&
            readArray(f, needOutside, m) && readArray(f, linkStart, m + 1) && readArray(f, linkSupplier, L) &&
            readArray(f, linkShare, L) && readArray(f, sweepOrder, n);
  std::fclose(f);
  if (!ok) {
    std::fprintf(stderr, "truncated network file\n");
    return 1;
  }
  const int reps = std::max(1, std::atoi(argv[3]));

  // Topological order over essential links (supplier -> customer), Kahn's algorithm.
  auto t0 = std::chrono::steady_clock::now();
  std::vector<int32_t> downStart(n + 1, 0), indeg(n, 0);
  for (size_t c = 0; c < n; c++)
    for (int32_t q = needStart[c]; q < needStart[c + 1]; q++)
      if (needEssential[q])
        for (int32_t l = linkStart[q]; l < linkStart[q + 1]; l++) downStart[linkSupplier[l] + 1]++;
  for (size_t i = 0; i < n; i++) downStart[i + 1] += downStart[i];
  std::vector<int32_t> downCustomer(downStart[n]), pos(downStart.begin(), downStart.end() - 1);
  for (size_t c = 0; c < n; c++)
    for (int32_t q = needStart[c]; q < needStart[c + 1]; q++)
      if (needEssential[q])
        for (int32_t l = linkStart[q]; l < linkStart[q + 1]; l++) {
          downCustomer[pos[linkSupplier[l]]++] = static_cast<int32_t>(c);
          indeg[c]++;
        }
  std::vector<int32_t> order(n);
  size_t head = 0, tail = 0;
  for (size_t i = 0; i < n; i++)
    if (indeg[i] == 0) order[tail++] = static_cast<int32_t>(i);
  while (head < tail) {
    const int32_t v = order[head++];
    for (int32_t e = downStart[v]; e < downStart[v + 1]; e++)
      if (--indeg[downCustomer[e]] == 0) order[tail++] = downCustomer[e];
  }
  const double orderMs = msSince(t0);
  if (tail != n) {
    std::printf("{\"orderMs\":%.3f,\"sweepMs\":[],\"acyclic\":false}\n", orderMs);
    return 0;
  }

  std::vector<double> x(n, 0.0);
  std::vector<int32_t> bind(n, -1);
  std::printf("{\"orderMs\":%.3f,\"sweepMs\":[", orderMs);
  for (int r = 0; r < reps; r++) {
    auto s0 = std::chrono::steady_clock::now();
    const int32_t* __restrict ord = sweepOrder.data();
    const int32_t* __restrict ns = needStart.data();
    const uint8_t* __restrict ess = needEssential.data();
    const double* __restrict out = needOutside.data();
    const int32_t* __restrict ls = linkStart.data();
    const int32_t* __restrict sup = linkSupplier.data();
    const double* __restrict sh = linkShare.data();
    const double* __restrict cap = capacity.data();
    double* xs = x.data();
    int32_t* bd = bind.data();
    for (size_t p = 0; p < n; p++) {
      const int32_t c = ord[p];
      double v = cap[c];
      int32_t b = -1;
      for (int32_t q = ns[c]; q < ns[c + 1]; q++) {
        if (!ess[q]) continue;
        double s = out[q];
        for (int32_t l = ls[q]; l < ls[q + 1]; l++) s += sh[l] * xs[sup[l]];
        if (s < v) {
          v = s;
          b = q;
        }
      }
      xs[c] = v;
      bd[c] = b;
    }
    std::printf("%s%.3f", r == 0 ? "" : ",", msSince(s0));
  }
  std::printf("],\"acyclic\":true}\n");

  FILE* o = std::fopen(argv[2], "wb");
  if (o == nullptr || std::fwrite(x.data(), sizeof(double), n, o) != n) {
    std::perror("write output");
    return 1;
  }
  std::fclose(o);
  return 0;
}
