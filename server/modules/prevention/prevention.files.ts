/**
 * Files of joint prevention in the shared file store: photos of a self-inspection (owner type
 * `prevention_inspection`) and materials of a training (`prevention_training`). Whoever may see
 * the owner sees its files; the firm that submitted an inspection adds its photos, the
 * prevention group (secretary, admin) adds training materials and manages both.
 */
import { AppError } from '../../core/errors';
import type { FileOwner } from '../files/files.owners';
import { isManager, loadInspection, loadTraining } from './prevention.service';

async function orNull<T>(load: () => Promise<T>): Promise<T | null> {
  try {
    return await load();
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') return null;
    throw err;
  }
}

export const inspectionFileOwner: FileOwner = {
  type: 'prevention_inspection',
  async access(db, ctx, id) {
    const row = await orNull(() => loadInspection(db, ctx, id));
    if (!row) return null;
    return { allianceId: row.alliance_id, seesInternal: isManager(ctx), mayAttach: ctx.actor.enterpriseIds.includes(row.enterprise_id), manages: isManager(ctx) };
  },
};

export const trainingFileOwner: FileOwner = {
  type: 'prevention_training',
  async access(db, ctx, id) {
    const row = await orNull(() => loadTraining(db, ctx, id));
    if (!row) return null;
    return { allianceId: row.alliance_id, seesInternal: isManager(ctx), mayAttach: isManager(ctx), manages: isManager(ctx) };
  },
};
