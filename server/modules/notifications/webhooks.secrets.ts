/**
 * Robot signing secrets (DingTalk "加签") are stored sealed with the platform key
 * (`core/crypto.ts`, purpose `webhook.secret`) and opened only by the delivery worker to sign a
 * request. Rows written before secrets were sealed hold plain text: they are still read as such,
 * and `sealLegacyWebhookSecrets` (run at start-up) seals them in place.
 */
import type { Config } from '../../config';
import { recordAudit } from '../../core/audit';
import type { Deps } from '../../core/context';
import { isSealed, secretBoxFor } from '../../core/crypto';

const PURPOSE = 'webhook.secret';

export function sealWebhookSecret(config: Config, plain: string | null | undefined): string | null {
  return plain ? secretBoxFor(config).encrypt(plain, PURPOSE) : null;
}

/** The secret to sign with; legacy plain text passes through. Throws `CryptoError` when it cannot be opened. */
export function openWebhookSecret(config: Config, stored: string | null): string | null {
  if (!stored) return null;
  return isSealed(stored) ? secretBoxFor(config).decrypt(stored, PURPOSE) : stored;
}

/** Seals every secret still stored as plain text; returns how many. Each one is audited (by the system). */
export async function sealLegacyWebhookSecrets(deps: Deps): Promise<number> {
  const rows = await deps.db.selectFrom('webhooks').select(['id', 'alliance_id', 'secret']).where('secret', 'is not', null).execute();
  let sealed = 0;
  for (const row of rows) {
    if (!row.secret || isSealed(row.secret)) continue;
    const now = deps.clock.now();
    await deps.db.transaction().execute(async (trx) => {
      // Conditional on the value read, so a concurrent edit is never overwritten. The version is
      // left alone: nothing a person sees has changed.
      const r = await trx.updateTable('webhooks').set({ secret: sealWebhookSecret(deps.config, row.secret) }).where('id', '=', row.id).where('secret', '=', row.secret).executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return;
      sealed += 1;
      await recordAudit(trx, { actorUserId: null, allianceId: row.alliance_id, action: 'webhook.secret_sealed', targetType: 'webhook', targetId: row.id, requestId: null, at: now });
    });
  }
  return sealed;
}
