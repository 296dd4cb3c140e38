/**
 * A policy's documents in the shared file store (owner type `policy`): the notice as issued, the
 * application form, the guidance. Whoever may see the policy — its alliance's staff and members
 * — sees its files; the policy group (the secretary, the platform admin, the policy working
 * group) adds and removes them.
 */
import { AppError } from '../../core/errors';
import type { FileOwner } from '../files/files.owners';
import { isPolicyManager, loadPolicy } from './policies.service';

export const policyFileOwner: FileOwner = {
  type: 'policy',
  async access(db, ctx, id) {
    try {
      const row = await loadPolicy(db, ctx, id);
      const manages = isPolicyManager(ctx);
      return { allianceId: row.alliance_id, seesInternal: manages, mayAttach: manages, manages };
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found') return null;
      throw err;
    }
  },
};
