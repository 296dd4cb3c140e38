/**
 * Chain-break engine: how far an industrial alliance can restart production, when its supply
 * chain breaks, why, which firms matter most, and which firms to help first. Pure computation:
 * no file, database or environment access (callers load data and pass plain objects).
 *
 * THE MODEL
 *
 * Firm i has own capacity a_i(t) in [0,1] (from its latest daily report's "own capacity", or a
 * scenario), weight v_i (normal output value; headcount when unknown). For customer c and item
 * k, links l = (s→c, k) have share w_l in [0,1], lead L_l ≥ 1 days; r_ck = 1 − Σ w_l is the
 * outside share (assumed always available). Only items flagged essential constrain the
 * customer.
 *
 * - Static: x_i = min(a_i, min over essential k of (r_ik + Σ_l w_l · x_s(l))). Take the
 *   greatest solution (iterate from x = a to a fixed point; exact on acyclic maps, converges on
 *   cycles). On acyclic maps process in topological order (one sweep); on cycles iterate SCC by
 *   SCC (Gauss–Seidel sweeps of each cyclic component, from x = a) until the largest change in
 *   a sweep is < 1e-12, at most 100,000 sweeps per component (`converged` reports a hit cap).
 *   Static mode uses day-0 capacity a_i(0).
 *
 * - Dynamic (day 0 = today, horizon H days):
 *     inflow_ck(t) = r_ck + Σ_l w_l · x_s(t − L_l), where x_s(t) for t < 0 is the supplier's
 *                    latest reported actual output (`actual`, 1 when unknown);
 *     avail_ck(t)  = stock_ck(t) + inflow_ck(t);
 *     x_c(t)       = min(a_c(t), min over essential k of avail_ck(t));
 *     stock_ck(t+1)= min(stock_ck(0), avail_ck(t) − x_c(t)).
 *   Stock is measured in days of the customer's full need (1.0 = one day of normal
 *   consumption), stock_ck(0) = declared days of cover (0 when not declared). Chain output
 *   Y(t) = Σ v_i x_i(t). Since lead ≥ 1, day t depends only on earlier days, so each day is one
 *   pass over links (no fixed point needed). Per-day capacity beyond the last reported day
 *   keeps the last value.
 *
 * - Chain break: firm i breaks on the first day with x_i(t) < θ · a_i(t) − 1e-9 (θ = 0.5 default;
 *   the tolerance keeps a firm exactly at θ·a from breaking by floating rounding): its
 *   inputs, not its own staff or machines, hold it below half of what it could make. Each break
 *   carries its cause: the binding item (essential item with the smallest avail) and the
 *   upstream path (list of firm ids) following, from the broken firm, the binding item's
 *   largest-shortfall supplier (largest w_l · (1 − x_s)) repeatedly until reaching a firm whose
 *   own capacity binds (x = a) — that is the root cause firm. For static mode "break" means
 *   x_i < θ·a_i with the same cause.
 *
 * - Criticality of firm j: the loss of Σ_t Y(t) over the horizon when a_j(t) = 0 for all t
 *   (static mode: loss of Y), and the list of firms it would break (that did not break in the
 *   baseline). Ranked top N by loss desc, ties by id. Computed by recomputing only the part of
 *   j's downstream cone that actually changes (exact: nothing else can change).
 *
 * - Help priority: for firms with a_j < 1, the gain in Σ_t Y(t) from setting a_j = 1 for all
 *   t; greedy list: pick the best, apply it, recompute gains, repeat (top 20 by default), each
 *   step {firm, gain, cumulativeY, restoredFirms}. Same downstream-cone restriction.
 *
 * - Scenarios: named sets of changes (capacity, removeLink, addLink, addStock, districtLockdown,
 *   logisticsDelay — the last two need the firms' districts) applied to a
 *   network copy; `compare` gives per-firm differences and chain-wide Y both ways.
 *
 * A property worth knowing: the static model and the dynamic model without stocks are
 * monotone (raising any a_i never lowers any x_j). With stocks the dynamic model is not
 * pointwise monotone: a firm allowed to run faster draws its stock down sooner and can be
 * short later (see dynamic.test.ts).
 *
 * Modules: `network` (input, validation, compact layout), `arena` (the shared WebAssembly
 * memory a network lives in, and the compiled static-sweep and dynamic-day kernels in `kernel/`), `static`, `dynamic`, `cause`,
 * `impact` (criticality, help priority), `scenario`, `generate` (synthetic maps), `parallel`
 * (criticality on worker threads).
 */
export {
  assembleNetwork,
  buildNetwork,
  capacityAt,
  computeTopology,
  finishNetwork,
  firmId,
  firmIndex,
  itemName,
  NetworkInputError,
  networkBytes,
  networkToInput,
  shareNetwork,
  type FirmInput,
  type LinkInput,
  type Network,
  type NetworkCore,
  type NetworkInput,
  type NetworkIssue,
  type NetworkIssueCode,
  type StockInput,
  type Topology,
} from './network';
export {
  BREAK_TOLERANCE,
  DEFAULT_THETA,
  STATIC_MAX_SWEEPS,
  isBreak,
  STATIC_TOLERANCE,
  acyclicSweep,
  dayZeroCapacity,
  javascriptSweep,
  solveStatic,
  staticSweep,
  type StaticOptions,
  type StaticResult,
} from './static';
export { firmSeries, historyX, runDynamic, type DynamicHistory, type DynamicOptions, type DynamicResult } from './dynamic';
export { dynamicCause, staticCause, type BreakCause } from './cause';
export {
  DEFAULT_HORIZON,
  ImpactEngine,
  MIN_GAIN,
  arenaBaseline,
  allFirms,
  criticality,
  helpPriority,
  rankTop,
  topByExposure,
  type ArenaBaseline,
  type ChainMode,
  type CriticalityEntry,
  type CriticalityOptions,
  type ImpactOptions,
  type PriorityOptions,
  type PriorityStep,
} from './impact';
export {
  applyScenario,
  compare,
  compareScenario,
  type AddLinkChange,
  type AddStockChange,
  type CapacityChange,
  type CompareOptions,
  type Comparison,
  type FirmDifference,
  type RemoveLinkChange,
  type Scenario,
  type ScenarioChange,
  type DistrictLockdownChange,
  type LogisticsDelayChange,
} from './scenario';
export { generateNetwork, Sfc32, type GenerateOptions } from './generate';
export { criticalityParallel, helpPriorityParallel, ImpactPool, type ParallelCriticalityOptions, type ParallelPriorityOptions } from './parallel';
