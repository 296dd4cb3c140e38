/**
 * Robot signing secrets (DingTalk "加签") and robot addresses are stored sealed with the platform
 * key (`core/crypto.ts`, purposes `webhook.secret` and `webhook.url`): a robot's address carries
 * its access token (`?access_token=`, `?key=`), and whoever holds it can post into the group.
 * Secrets are opened only by the delivery worker; addresses by the worker and, masked, for the
 * robot list. Rows written before sealing hold plain text: they are still read as such, and
 * `sealLegacyWebhookSecrets` / `sealLegacyWebhookUrls` (run at start-up) seal them in place.
 */
import type { Config } from '../../config';
import { recordAudit } from '../../core/audit';
import type { Deps } from '../../core/context';
import { isSealed, secretBoxFor } from '../../core/crypto';

const PURPOSE = 'webhook.secret';
const URL_PURPOSE = 'webhook.url';

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

export function sealWebhookUrl(config: Config, url: string): string {
  return secretBoxFor(config).encrypt(url, URL_PURPOSE);
}

/** The robot's address; legacy plain text passes through. Throws `CryptoError` when it cannot be opened. */
export function openWebhookUrl(config: Config, stored: string): string {
  return isSealed(stored) ? secretBoxFor(config).decrypt(stored, URL_PURPOSE) : stored;
}

/** Seals every robot address still stored as plain text; returns how many. Each one is audited (by the system). */
export async function sealLegacyWebhookUrls(deps: Deps): Promise<number> {
  const rows = await deps.db.selectFrom('webhooks').select(['id', 'alliance_id', 'url']).execute();
  let sealed = 0;
  for (const row of rows) {
    if (isSealed(row.url)) continue;
    const now = deps.clock.now();
    await deps.db.transaction().execute(async (trx) => {
      // As for secrets: conditional on the value read, version untouched.
      const r = await trx.updateTable('webhooks').set({ url: sealWebhookUrl(deps.config, row.url) }).where('id', '=', row.id).where('url', '=', row.url).executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return;
      sealed += 1;
      await recordAudit(trx, { actorUserId: null, allianceId: row.alliance_id, action: 'webhook.url_sealed', targetType: 'webhook', targetId: row.id, requestId: null, at: now });
    });
  }
  return sealed;
}
