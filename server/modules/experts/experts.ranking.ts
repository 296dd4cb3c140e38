/**
 * Ranking volunteer experts for one consultation request, with the reasons shown to the handler.
 * Pure: no I/O; the caller loads profiles, loads and ratings.
 *
 * ## The model
 * Each expert gets six factors in [0, 1] and a score, their weighted sum scaled to 0–1000
 * (an integer, so the assignment's min-cost flow stays exact):
 *
 * | factor       | weight | value |
 * |--------------|--------|-------|
 * | specialty    | 0.45   | ½·cosine + ½·tag, where cosine is the TF-IDF cosine similarity between the problem text and the expert's document (specialty names and keywords, bio, past cases, texts of consultations they helped close), both segmented by jieba (search mode, so 注塑机 also yields 注塑); tag is 1 when the request names a specialty the expert holds (if it names none, the cosine alone counts) |
 * | industry     | 0.10   | 1 when the firm's GB/T 4754 division is one the expert lists; 0.5 for the same section only; 0 otherwise |
 * | travel       | 0.15   | 1 when the firm's district is one the expert travels to, else 0 |
 * | load         | 0.10   | 1 − current cases / maximum |
 * | availability | 0.05   | available weekdays / 5, capped at 1 |
 * | rating       | 0.15   | past ratings (1–5) shrunk toward 4 with the weight of two ratings, mapped to [0, 1] |
 *
 * IDF is computed over the experts' documents: idf(w) = ln((N + 1) / (df(w) + 1)) + 1. A paused
 * expert, or one at their maximum load, is listed but not `eligible` (the assignment never uses
 * them). `matchedWords` are the shared words that contribute most to the cosine — the "why".
 */
import { createRequire } from 'node:module';
import { sectionOfDivision } from '../../domain/industries';

const require = createRequire(import.meta.url);
type JiebaLike = { cutForSearch(text: string, hmm?: boolean): string[] };
let jieba: JiebaLike | null = null;
function segmenter(): JiebaLike {
  if (!jieba) {
    // Loaded once per process: building the dictionary takes a few hundred milliseconds.
    const { Jieba } = require('@node-rs/jieba') as { Jieba: { withDict(d: Uint8Array): JiebaLike } };
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
    jieba = Jieba.withDict(dict);
  }
  return jieba;
}

const STOPWORDS = new Set(
  '的 了 和 与 及 或 在 是 有 不 也 就 都 而 被 把 对 为 以 从 到 等 后 时 上 下 中 个 这 那 其 之 我 我们 你 他 她 它 请 问题 情况 出现 一个 需要 无法 没有 现在 目前 进行 公司 企业 工厂 the a an and or of to in on for with is are be by at'.split(' '),
);

/** Words of a text: jieba's search-mode segmentation, lower-cased, without punctuation, digits and stopwords. */
export function tokenize(text: string): string[] {
  if (!text.trim()) return [];
  return segmenter()
    .cutForSearch(text, true)
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w.length > 0 && /[\p{L}]/u.test(w) && !STOPWORDS.has(w) && !/^[a-z]$/.test(w));
}

export interface RankingExpert {
  userId: number;
  /** Specialty ids the expert holds. */
  specialtyIds: readonly number[];
  /** Text describing the expert: specialty names and keywords, bio, past cases, helped consultations. */
  document: string;
  /** Two-digit GB/T 4754 divisions. */
  industries: readonly string[];
  districts: readonly string[];
  /** Days of the week available, 0 = Sunday … 6 = Saturday. */
  availability: readonly number[];
  maxCases: number;
  /** Open cases now (proposed or accepted on open consultations). */
  load: number;
  paused: boolean;
  /** Ratings of consultations they helped on. */
  ratings: readonly number[];
}

export interface RankingRequest {
  /** Ticket title and description, machine or line, symptoms. */
  text: string;
  specialtyId: number | null;
  /** The firm's industry: a section letter (C) or a division / detailed code (C19, 1910, 19). */
  industry: string;
  district: string;
}

export const WEIGHTS = { specialty: 0.45, industry: 0.1, travel: 0.15, load: 0.1, availability: 0.05, rating: 0.15 } as const;
export type Factor = keyof typeof WEIGHTS;

export interface RankedExpert {
  userId: number;
  /** 0–1000. */
  score: number;
  factors: Record<Factor, number>;
  /** Cosine similarity of the texts alone, 0–1. */
  textSimilarity: number;
  matchedWords: string[];
  eligible: boolean;
  /** Why not eligible. */
  ineligibleReason: 'paused' | 'full' | null;
}

type Vector = Map<string, number>;

function termFreq(words: readonly string[]): Map<string, number> {
  const tf = new Map<string, number>();
  for (const w of words) tf.set(w, (tf.get(w) ?? 0) + 1);
  return tf;
}

function weigh(tf: Map<string, number>, idf: (w: string) => number): Vector {
  const v: Vector = new Map();
  for (const [w, n] of tf) v.set(w, (1 + Math.log(n)) * idf(w));
  return v;
}

function norm(v: Vector): number {
  let s = 0;
  for (const x of v.values()) s += x * x;
  return Math.sqrt(s);
}

/** Two-digit division of an industry code, if it has one ("C1910" → "19", "19" → "19", "C" → null). */
export function divisionOf(code: string): string | null {
  const digits = code.replace(/^[A-Za-z]/, '');
  return /^\d{2}/.test(digits) ? digits.slice(0, 2) : null;
}

function sectionOf(code: string): string | undefined {
  if (/^[A-Za-z]$/.test(code)) return code.toUpperCase();
  return sectionOfDivision(code);
}

export function industryFit(firm: string, expert: readonly string[]): number {
  const div = divisionOf(firm);
  if (div && expert.includes(div)) return 1;
  const section = sectionOf(firm);
  return section && expert.some((d) => sectionOfDivision(d) === section) ? 0.5 : 0;
}

/** Mean rating shrunk toward 4 by two pseudo-ratings, as a fraction of the 1–5 scale. */
export function ratingFit(ratings: readonly number[]): number {
  const mean = (ratings.reduce((a, b) => a + b, 0) + 4 * 2) / (ratings.length + 2);
  return (mean - 1) / 4;
}

/** Ranks every expert for the request, best first (ties: lower user id first). */
export function rankExperts(request: RankingRequest, experts: readonly RankingExpert[]): RankedExpert[] {
  const docs = experts.map((e) => termFreq(tokenize(e.document)));
  const df = new Map<string, number>();
  for (const d of docs) for (const w of d.keys()) df.set(w, (df.get(w) ?? 0) + 1);
  const n = experts.length;
  const idf = (w: string) => Math.log((n + 1) / ((df.get(w) ?? 0) + 1)) + 1;
  const query = weigh(termFreq(tokenize(request.text)), idf);
  const qNorm = norm(query);

  const ranked = experts.map((e, i): RankedExpert => {
    const doc = weigh(docs[i]!, idf);
    const dNorm = norm(doc);
    const contributions: [string, number][] = [];
    let dot = 0;
    for (const [w, q] of query) {
      const d = doc.get(w);
      if (d === undefined) continue;
      dot += q * d;
      contributions.push([w, q * d]);
    }
    const cosine = qNorm > 0 && dNorm > 0 ? dot / (qNorm * dNorm) : 0;
    const tag = request.specialtyId !== null ? (e.specialtyIds.includes(request.specialtyId) ? 1 : 0) : null;
    const factors: Record<Factor, number> = {
      specialty: tag === null ? cosine : (cosine + tag) / 2,
      industry: industryFit(request.industry, e.industries),
      travel: e.districts.includes(request.district) ? 1 : 0,
      load: e.maxCases > 0 ? Math.max(0, 1 - e.load / e.maxCases) : 0,
      availability: Math.min(1, new Set(e.availability).size / 5),
      rating: ratingFit(e.ratings),
    };
    let total = 0;
    for (const f of Object.keys(WEIGHTS) as Factor[]) total += WEIGHTS[f] * factors[f];
    const ineligibleReason = e.paused ? 'paused' : e.load >= e.maxCases ? 'full' : null;
    return {
      userId: e.userId,
      score: Math.round(total * 1000),
      factors,
      textSimilarity: cosine,
      // Longest words first among equal contributions: 注塑机 says more than 注塑.
      matchedWords: contributions.sort((a, b) => b[1] - a[1] || b[0].length - a[0].length).slice(0, 6).map(([w]) => w),
      eligible: ineligibleReason === null,
      ineligibleReason,
    };
  });
  return ranked.sort((a, b) => b.score - a.score || a.userId - b.userId);
}
