/**
 * One complete chain analysis as a pure function, so it runs the same in a worker thread, in
 * tests and from the CLI: the forecast (dynamic or static) with the cause of every break, the
 * criticality ranking, the greedy help list, and optionally a scenario compared with the
 * baseline. Firm and item ids are strings here; callers map them to their own records.
 */
import { dynamicCause, staticCause, type BreakCause } from './engine/cause';
import { runDynamic } from './engine/dynamic';
import { criticality, helpPriority, ImpactEngine, topByExposure, type ChainMode } from './engine/impact';
import { buildNetwork, firmId, itemName, type Network, type NetworkInput } from './engine/network';
import { compareScenario, type Scenario } from './engine/scenario';
import { solveStatic } from './engine/static';

export interface AnalyseRequest {
  input: NetworkInput;
  mode: ChainMode;
  horizon: number;
  theta: number;
  scenario: Scenario | null;
  /** Criticality is ranked over all firms up to this many; larger maps pre-select by exposure. */
  maxCandidates: number;
  top: number;
  steps: number;
}

export interface AnalysedFirm {
  id: string;
  x: number[];
  breakDay: number | null;
  cause: { item: string; path: string[] } | null;
}

export interface AnalyseOutput {
  firms: AnalysedFirm[];
  Y: number[];
  critical: { id: string; loss: number; broken: string[] }[];
  priority: { id: string; gain: number; cumulativeY: number; restored: string[] }[];
  scenario: { yAfter: number[]; deltaTotal: number; firms: { id: string; breakDayAfter: number | null; dxTotal: number }[] } | null;
}

export type Progress = (phase: 'forecast' | 'criticality' | 'priority' | 'scenario', done: number, total: number) => void;

function causeOf(net: Network, c: BreakCause | null) {
  return c === null ? null : { item: itemName(net, c.item), path: c.path.map((i) => firmId(net, i)) };
}

export function analyse(req: AnalyseRequest, progress: Progress = () => {}): AnalyseOutput {
  const net = buildNetwork(req.input);
  const { mode, horizon, theta } = req;
  progress('forecast', 0, 1);
  let firms: AnalysedFirm[];
  let Y: number[];
  let engine: ImpactEngine;
  if (mode === 'static') {
    const r = solveStatic(net, { theta });
    firms = Array.from({ length: net.n }, (_, i) => ({ id: firmId(net, i), x: [r.x[i]!], breakDay: r.broken[i] === 1 ? 0 : null, cause: causeOf(net, staticCause(net, r, i)) }));
    Y = [r.Y];
    engine = new ImpactEngine(net, { mode, horizon, theta });
  } else {
    const r = runDynamic(net, { horizon, theta, history: true });
    const h = r.history!;
    firms = Array.from({ length: net.n }, (_, i) => ({
      id: firmId(net, i),
      x: Array.from(h.x.subarray(i * h.stride, i * h.stride + horizon)),
      breakDay: r.breakDay[i]! < 0 ? null : r.breakDay[i]!,
      cause: causeOf(net, dynamicCause(net, r, i)),
    }));
    Y = Array.from(r.Y);
    // The impact engine starts from this forecast rather than running it again.
    engine = new ImpactEngine(net, { mode, horizon, theta }, r);
  }
  progress('forecast', 1, 1);

  const candidates = net.n > req.maxCandidates ? topByExposure(net, req.maxCandidates) : undefined;
  const critical = criticality(net, { mode, horizon, theta, top: req.top, candidates, engine, onProgress: (d, t) => progress('criticality', d, t) }).map((c) => ({
    id: firmId(net, c.firm),
    loss: c.loss,
    broken: c.broken.map((i) => firmId(net, i)),
  }));
  const priority = helpPriority(net, { mode, horizon, theta, steps: req.steps, engine, onProgress: (d, t) => progress('priority', d, t) }).map((p) => ({
    id: firmId(net, p.firm),
    gain: p.gain,
    cumulativeY: p.cumulativeY,
    restored: p.restored.map((i) => firmId(net, i)),
  }));

  let scenario: AnalyseOutput['scenario'] = null;
  if (req.scenario) {
    progress('scenario', 0, 1);
    const c = compareScenario(net, req.scenario, { mode, horizon, theta });
    scenario = { yAfter: c.yAfter, deltaTotal: c.deltaTotal, firms: c.firms.map((f) => ({ id: f.id, breakDayAfter: f.breakDayAfter, dxTotal: f.dxTotal })) };
    progress('scenario', 1, 1);
  }
  return { firms, Y, critical, priority, scenario };
}
