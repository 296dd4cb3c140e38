/** Maps risk rows to response objects. */
import type { RiskRow } from './risks.repository';
import type { RiskResponse } from './risks.schema';

/** Score bands: high from 15 (joint-meeting material), medium from 8. */
export const HIGH_RISK_SCORE = 15;
export const MEDIUM_RISK_SCORE = 8;

export function levelOf(score: number): RiskResponse['level'] {
  return score >= HIGH_RISK_SCORE ? 'high' : score >= MEDIUM_RISK_SCORE ? 'medium' : 'low';
}

export function toRisk(row: RiskRow, enterprises: { id: number; name: string }[], today: string, tickets: RiskResponse['tickets'] = []): RiskResponse {
  const score = row.likelihood * row.impact;
  return {
    id: row.id,
    title: row.title,
    category: row.category as RiskResponse['category'],
    description: row.description,
    likelihood: row.likelihood,
    impact: row.impact,
    score,
    level: levelOf(score),
    mitigation: row.mitigation,
    owner: row.owner_user_id === null ? null : { id: row.owner_user_id, displayName: row.owner_name ?? '' },
    reviewDate: row.review_date,
    reviewOverdue: row.status !== 'closed' && row.review_date !== null && row.review_date < today,
    status: row.status as RiskResponse['status'],
    enterprises,
    tickets,
    sourceBlocker: (row.source_blocker ?? null) as RiskResponse['sourceBlocker'],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}
