// Reference implementation of the chain model's two solves, for benchmarking the TypeScript
// engine: the static solve (acyclic sweep plus Gauss–Seidel sweeps of each cyclic component)
// and the 30-day dynamic run, with and without keeping every day's record.
//
// Same model, data layout and order of arithmetic as server/modules/chain/engine/static.ts and
// dynamic.ts:
//   static:  x_i = min(a_i, min over essential needs q of i: r_q + sum over links l of q: w_l * x_s(l))
//            evaluated in the engine's component order (read from the file, so both solves touch
//            memory in the same order); an acyclic component is one evaluation, a cyclic one
//            starts at x = a and is swept until the largest change in a sweep is < 1e-12 (at most
//            100,000 sweeps) — the strongly connected components come from the file, computed
//            by the engine.
//   dynamic: per day t, per firm c in index order: avail_q = stock_q + r_q + sum w_l x_s(t - L_l),
//            x_c = min(a_c, min avail_q), stock_q = min(stock0_q, avail_q - x_c); supplier outputs
//            in a ring of S = 2^k slots per firm (the lags only, or the whole run with history;
//            history also keeps stock and binding need per day, day-major).
// Kahn's algorithm over the essential links is also run and timed, as the reference for the
// engine's ordering step. Input is the compact binary written by bench/chain/cpp.ts:
//
//   "FGCH" u32 version=3, u32 n, u32 m, u32 L, u32 compCount, u32 capDays,
//   f64 capacity[n*capDays], f64 actual[n], f64 weight[n], i32 needStart[n+1], u8 needEssential[m],
//   f64 needOutside[m], f64 needStock0[m], i32 linkStart[m+1], i32 linkSupplier[L],
//   f64 linkShare[L], u16 linkLead[L], i32 order[n], i32 compStart[compCount+1],
//   u8 compCyclic[compCount]                                                   (little-endian)
//
// Usage: static_ref <network.bin> <x.out> <repetitions> [<horizon> <dynamic repetitions>]
// Prints one JSON line {"orderMs":…, "sweepMs":[…], "sweeps":…, "acyclic":…, "dynamicMs":[…],
// "dynamicHistoryMs":[…], "dynamicTotal":…, "dynamicHistoryTotal":…}; writes f64 x[n].

#include <algorithm>
#include <chrono>
#include <cmath>
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

struct Net {
  size_t n, m, L, K, capDays;
  std::vector<double> capacity, actual, weight, needOutside, needStock0, linkShare;
  std::vector<int32_t> needStart, linkStart, linkSupplier, order, compStart;
  std::vector<uint8_t> needEssential, compCyclic;
  std::vector<uint16_t> linkLead;
};

inline double evalFirm(const Net& N, int32_t c, double a, const double* __restrict xs, int32_t* __restrict bd) {
  const int32_t* __restrict ns = N.needStart.data();
  const uint8_t* __restrict ess = N.needEssential.data();
  const double* __restrict out = N.needOutside.data();
  const int32_t* __restrict ls = N.linkStart.data();
  const int32_t* __restrict sup = N.linkSupplier.data();
  const double* __restrict sh = N.linkShare.data();
  double v = a;
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
  bd[c] = b;
  return v;
}

// Static solve; returns the largest number of sweeps a cyclic component needed.
int staticSolve(const Net& N, const double* cap, double* xs, int32_t* bd) {
  const int32_t* ord = N.order.data();
  int sweeps = 0;
  for (size_t k = 0; k < N.K; k++) {
    const int32_t p0 = N.compStart[k], p1 = N.compStart[k + 1];
    if (!N.compCyclic[k]) {
      const int32_t c = ord[p0];
      xs[c] = evalFirm(N, c, cap[c], xs, bd);
      continue;
    }
    for (int32_t p = p0; p < p1; p++) xs[ord[p]] = cap[ord[p]];
    int sweep = 1;
    for (; sweep <= 100000; sweep++) {
      double maxChange = 0;
      for (int32_t p = p0; p < p1; p++) {
        const int32_t c = ord[p];
        const double v = evalFirm(N, c, cap[c], xs, bd);
        const double d = std::fabs(xs[c] - v);
        if (d > maxChange) maxChange = d;
        xs[c] = v;
      }
      if (maxChange < 1e-12) break;
    }
    sweeps = std::max(sweeps, std::min(sweep, 100000));
  }
  return sweeps;
}

uint32_t pow2Above(uint32_t v) {
  uint32_t s = 1;
  while (s <= v) s *= 2;
  return s;
}

// 30-day (horizon) dynamic run with theta 0.5; returns sum of Y(t).
double dynamicRun(const Net& N, int H, bool history, int maxLead) {
  const size_t n = N.n, m = N.m;
  const uint32_t S = history ? pow2Above(H + maxLead) : pow2Above(maxLead);
  const int32_t mask = S - 1, high = ~mask;
  int shift = 0;
  while ((1u << shift) < S) shift++;
  std::vector<double> ring(n * S), stock(N.needStock0), avail(m), Y(H);
  std::vector<int32_t> code(N.L), breakDay(n, -1), breakNeed(n, -1);
  std::vector<int32_t> bindH(history ? n * H : 0);
  std::vector<double> stockH(history ? m * H : 0);
  for (size_t l = 0; l < N.L; l++) code[l] = (N.linkSupplier[l] << shift) | (-int32_t(N.linkLead[l]) & mask);
  for (size_t i = 0; i < n; i++) std::fill(ring.begin() + i * S, ring.begin() + (i + 1) * S, N.actual[i]);
  const int32_t* __restrict ns = N.needStart.data();
  const uint8_t* __restrict ess = N.needEssential.data();
  const double* __restrict out = N.needOutside.data();
  const double* __restrict st0 = N.needStock0.data();
  const int32_t* __restrict ls = N.linkStart.data();
  const double* __restrict sh = N.linkShare.data();
  const int32_t* __restrict cd = code.data();
  const double* __restrict w = N.weight.data();
  const double* __restrict capA = N.capacity.data();
  double* __restrict rg = ring.data();
  double* __restrict stk = stock.data();
  double* __restrict av = avail.data();
  const double theta = 0.5;
  const size_t capDays = N.capDays;
  double total = 0;
  for (int t = 0; t < H; t++) {
    const size_t capOff = size_t(t) < capDays ? t : capDays - 1;
    const int32_t slot = t & mask;
    double y = 0;
    for (size_t c = 0; c < n; c++) {
      const double a = capA[c * capDays + capOff];
      double x = a;
      int32_t b = -1;
      const int32_t q0 = ns[c], q1 = ns[c + 1];
      for (int32_t q = q0; q < q1; q++) {
        if (!ess[q]) continue;
        double s = out[q];
        for (int32_t l = ls[q]; l < ls[q + 1]; l++) {
          const int32_t k = cd[l];
          s += sh[l] * rg[(k & high) | ((k + t) & mask)];
        }
        const double st = stk[q];
        if (history) stockH[size_t(t) * m + q] = st;
        const double v = st + s;
        av[q] = v;
        if (v < x) {
          x = v;
          b = q;
        }
      }
      for (int32_t q = q0; q < q1; q++) {
        if (!ess[q]) continue;
        const double rest = av[q] - x;
        stk[q] = rest < st0[q] ? rest : st0[q];
      }
      rg[(int32_t(c) << shift) | slot] = x;
      if (history) bindH[size_t(t) * n + c] = b;
      y += w[c] * x;
      if (x < theta * a && breakDay[c] < 0) {
        breakDay[c] = t;
        breakNeed[c] = b;
      }
    }
    Y[t] = y;
    total += y;
  }
  return total;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 && argc != 6) {
    std::fprintf(stderr, "usage: %s <network.bin> <x.out> <repetitions> [<horizon> <dynamic repetitions>]\n", argv[0]);
    return 2;
  }
  FILE* f = std::fopen(argv[1], "rb");
  if (f == nullptr) {
    std::perror("open input");
    return 1;
  }
  char magic[4];
  uint32_t header[6];
  if (std::fread(magic, 1, 4, f) != 4 || std::memcmp(magic, "FGCH", 4) != 0 || std::fread(header, 4, 6, f) != 6 || header[0] != 3) {
    std::fprintf(stderr, "not a chain network file (version 3)\n");
    return 1;
  }
  Net N;
  N.n = header[1];
  N.m = header[2];
  N.L = header[3];
  N.K = header[4];
  N.capDays = header[5];
  const size_t n = N.n;
  bool ok = readArray(f, N.capacity, n * N.capDays) && readArray(f, N.actual, n) && readArray(f, N.weight, n) &&
            readArray(f, N.needStart, n + 1) && readArray(f, N.needEssential, N.m) && readArray(f, N.needOutside, N.m) &&
            readArray(f, N.needStock0, N.m) && readArray(f, N.linkStart, N.m + 1) && readArray(f, N.linkSupplier, N.L) &&
            readArray(f, N.linkShare, N.L) && readArray(f, N.linkLead, N.L) && readArray(f, N.order, n) &&
            readArray(f, N.compStart, N.K + 1) && readArray(f, N.compCyclic, N.K);
  std::fclose(f);
  if (!ok) {
    std::fprintf(stderr, "truncated network file\n");
    return 1;
  }
  const int reps = std::max(1, std::atoi(argv[3]));
  const int horizon = argc == 6 ? std::atoi(argv[4]) : 0;
  const int dynReps = argc == 6 ? std::atoi(argv[5]) : 0;

  // Topological order over essential links (supplier -> customer), Kahn's algorithm.
  auto t0 = std::chrono::steady_clock::now();
  std::vector<int32_t> downStart(n + 1, 0), indeg(n, 0);
  for (size_t c = 0; c < n; c++)
    for (int32_t q = N.needStart[c]; q < N.needStart[c + 1]; q++)
      if (N.needEssential[q])
        for (int32_t l = N.linkStart[q]; l < N.linkStart[q + 1]; l++) downStart[N.linkSupplier[l] + 1]++;
  for (size_t i = 0; i < n; i++) downStart[i + 1] += downStart[i];
  std::vector<int32_t> downCustomer(downStart[n]), pos(downStart.begin(), downStart.end() - 1);
  for (size_t c = 0; c < n; c++)
    for (int32_t q = N.needStart[c]; q < N.needStart[c + 1]; q++)
      if (N.needEssential[q])
        for (int32_t l = N.linkStart[q]; l < N.linkStart[q + 1]; l++) {
          downCustomer[pos[N.linkSupplier[l]]++] = static_cast<int32_t>(c);
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
  const bool acyclic = tail == n;

  std::vector<double> x(n, 0.0);
  std::vector<int32_t> bind(n, -1);
  std::vector<double> cap0(n);
  for (size_t i = 0; i < n; i++) cap0[i] = N.capacity[i * N.capDays];
  std::printf("{\"orderMs\":%.3f,\"acyclic\":%s,\"sweepMs\":[", orderMs, acyclic ? "true" : "false");
  int sweeps = 0;
  for (int r = 0; r < reps; r++) {
    auto s0 = std::chrono::steady_clock::now();
    sweeps = staticSolve(N, cap0.data(), x.data(), bind.data());
    std::printf("%s%.3f", r == 0 ? "" : ",", msSince(s0));
  }
  std::printf("],\"sweeps\":%d", sweeps);
  int maxLead = 1;
  for (size_t l = 0; l < N.L; l++) maxLead = std::max(maxLead, int(N.linkLead[l]));
  double totals[2] = {0, 0};
  for (int hist = 0; hist < 2; hist++) {
    std::printf(",\"%s\":[", hist ? "dynamicHistoryMs" : "dynamicMs");
    for (int r = 0; r < dynReps; r++) {
      auto s0 = std::chrono::steady_clock::now();
      totals[hist] = dynamicRun(N, horizon, hist == 1, maxLead);
      std::printf("%s%.3f", r == 0 ? "" : ",", msSince(s0));
    }
    std::printf("]");
  }
  std::printf(",\"dynamicTotal\":%.17g,\"dynamicHistoryTotal\":%.17g}\n", totals[0], totals[1]);

  FILE* o = std::fopen(argv[2], "wb");
  if (o == nullptr || std::fwrite(x.data(), sizeof(double), n, o) != n) {
    std::perror("write output");
    return 1;
  }
  std::fclose(o);
  return 0;
}
