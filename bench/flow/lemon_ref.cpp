// Reference solver for the matching benchmark: LEMON's NetworkSimplex (block search pivot, the
// library's default) on the instance written by bench/flow/instance.ts.
//
// Input (little-endian): "FGMF", u32 version 1, u32 n, u32 m, then i64 supply[n], i32 source[m],
// i32 target[m], i64 capacity[m] (-1 = unbounded), i64 cost[m].
// Usage: lemon_ref INSTANCE REPS   → prints {"ms":[...],"cost":C,"status":"optimal"} on stdout.
#include <lemon/network_simplex.h>
#include <lemon/static_graph.h>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <utility>
#include <vector>

using namespace lemon;

template <typename T>
static void readArray(FILE* f, std::vector<T>& v, size_t n) {
  v.resize(n);
  if (n && fread(v.data(), sizeof(T), n, f) != n) { fprintf(stderr, "short read\n"); exit(2); }
}

int main(int argc, char** argv) {
  if (argc < 3) { fprintf(stderr, "usage: lemon_ref INSTANCE REPS\n"); return 2; }
  FILE* f = fopen(argv[1], "rb");
  if (!f) { perror(argv[1]); return 2; }
  char magic[4];
  uint32_t version, n, m;
  if (fread(magic, 1, 4, f) != 4 || memcmp(magic, "FGMF", 4) != 0) { fprintf(stderr, "bad magic\n"); return 2; }
  if (fread(&version, 4, 1, f) != 1 || fread(&n, 4, 1, f) != 1 || fread(&m, 4, 1, f) != 1) return 2;
  std::vector<int64_t> supply, cap, cost;
  std::vector<int32_t> src, dst;
  readArray(f, supply, n);
  readArray(f, src, m);
  readArray(f, dst, m);
  readArray(f, cap, m);
  readArray(f, cost, m);
  fclose(f);

  int reps = atoi(argv[2]);
  std::vector<double> ms;
  long long best = 0;
  const char* status = "optimal";
  for (int r = 0; r < reps; r++) {
    // Graph construction is outside the timing on both sides: the TypeScript side is timed from
    // its ready-made arrays too.
    StaticDigraph g;
    std::vector<std::pair<int, int>> arcs(m);
    for (uint32_t a = 0; a < m; a++) arcs[a] = std::make_pair(src[a], dst[a]);
    // StaticDigraph::build wants arcs sorted by source; keep each arc's original index.
    std::vector<uint32_t> order(m);
    for (uint32_t a = 0; a < m; a++) order[a] = a;
    std::stable_sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) { return src[x] < src[y]; });
    std::vector<std::pair<int, int>> sorted(m);
    for (uint32_t i = 0; i < m; i++) sorted[i] = arcs[order[i]];
    g.build(n, sorted.begin(), sorted.end());
    StaticDigraph::ArcMap<long long> capMap(g), costMap(g);
    StaticDigraph::NodeMap<long long> supMap(g);
    for (uint32_t i = 0; i < m; i++) {
      StaticDigraph::Arc a = g.arc(i);
      long long c = cap[order[i]];
      capMap[a] = c < 0 ? std::numeric_limits<long long>::max() : c;
      costMap[a] = cost[order[i]];
    }
    for (uint32_t v = 0; v < n; v++) supMap[g.node(v)] = supply[v];
    auto t0 = std::chrono::steady_clock::now();
    NetworkSimplex<StaticDigraph, long long, long long> ns(g);
    ns.upperMap(capMap).costMap(costMap).supplyMap(supMap);
    NetworkSimplex<StaticDigraph, long long, long long>::ProblemType pt = ns.run();
    auto t1 = std::chrono::steady_clock::now();
    ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    if (pt == NetworkSimplex<StaticDigraph, long long, long long>::OPTIMAL) best = ns.totalCost();
    else status = pt == NetworkSimplex<StaticDigraph, long long, long long>::INFEASIBLE ? "infeasible" : "unbounded";
  }
  printf("{\"ms\":[");
  for (size_t i = 0; i < ms.size(); i++) printf("%s%.3f", i ? "," : "", ms[i]);
  printf("],\"cost\":%lld,\"status\":\"%s\"}\n", best, status);
  return 0;
}
