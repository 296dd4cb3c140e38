/**
 * The static chain model written the way one would with graphology: firms are nodes, links are
 * edges carrying item and share, each node keeps its needs (outside share, essential flag) in
 * its attributes, and the solve walks the graph with `forEachOutEdge` / `forEachInEdge`.
 * Same model and same solution as the engine's acyclic sweep (topological order, one pass),
 * so the benchmark compares data layouts, not algorithms.
 */
import { MultiDirectedGraph } from 'graphology';
import type { Network } from '../../server/modules/chain/engine/network';

/** Per-item need of a firm. */
export interface GraphNeed {
  outside: number;
  essential: boolean;
}

/** Node attributes. */
export interface FirmNode {
  [key: string]: unknown;
  a: number;
  x: number;
  needs: Record<string, GraphNeed>;
}

/** Edge attributes. */
export interface LinkEdge {
  [key: string]: unknown;
  item: string;
  share: number;
}

export type ChainGraph = MultiDirectedGraph<FirmNode, LinkEdge>;

/** Builds the graph from a compact network (node keys are firm indices as strings). */
export function buildChainGraph(net: Network): ChainGraph {
  const graph: ChainGraph = new MultiDirectedGraph<FirmNode, LinkEdge>();
  for (let i = 0; i < net.n; i++) {
    graph.addNode(String(i), { a: net.capDays === 1 ? net.capacity[i] : net.capacity[i * net.capDays], x: 0, needs: {} });
  }
  for (let c = 0; c < net.n; c++) {
    const customer = String(c);
    for (let q = net.needStart[c]; q < net.needStart[c + 1]; q++) {
      const item = String(net.needItem[q]);
      graph.getNodeAttributes(customer).needs[item] = { outside: net.needOutside[q], essential: net.needEssential[q] === 1 };
      for (let l = net.linkStart[q]; l < net.linkStart[q + 1]; l++) {
        graph.addEdge(String(net.linkSupplier[l]), customer, { item, share: net.linkShare[l] });
      }
    }
  }
  return graph;
}

/** Topological order of the firms (Kahn over all links). Throws on a cycle. */
export function graphOrder(graph: ChainGraph): string[] {
  const indegree = new Map<string, number>();
  const order: string[] = [];
  graph.forEachNode((node) => {
    const d = graph.inDegree(node);
    indegree.set(node, d);
    if (d === 0) order.push(node);
  });
  for (let head = 0; head < order.length; head++) {
    graph.forEachOutEdge(order[head], (_edge, _attr, _source, target) => {
      const d = (indegree.get(target) as number) - 1;
      indegree.set(target, d);
      if (d === 0) order.push(target);
    });
  }
  if (order.length !== graph.order) throw new Error('graphology reference handles acyclic maps only');
  return order;
}

/** Solves x_i = min(a_i, min over essential items of (outside + Σ share · x_supplier)) in topological order. */
export function solveChainGraph(graph: ChainGraph, order: readonly string[]): void {
  for (const node of order) {
    const firm = graph.getNodeAttributes(node);
    const avail = new Map<string, number>();
    graph.forEachInEdge(node, (_edge, link, _source, _target, supplier) => {
      const need = firm.needs[link.item];
      if (!need.essential) return;
      avail.set(link.item, (avail.get(link.item) ?? need.outside) + link.share * supplier.x);
    });
    let x = firm.a;
    for (const v of avail.values()) if (v < x) x = v;
    firm.x = x;
  }
}

/** Outputs by firm index. */
export function graphOutputs(graph: ChainGraph, n: number): Float64Array {
  const x = new Float64Array(n);
  graph.forEachNode((node, attr) => {
    x[Number(node)] = attr.x;
  });
  return x;
}
