import { createHash, randomUUID } from 'node:crypto';

/** The reference written with a composite's document (source_no): derived from the idempotency key if any. */
export function gatewayReference(idempotencyKey?: string | null): string {
  const seed = idempotencyKey ? createHash('sha256').update(idempotencyKey).digest('hex') : randomUUID().replace(/-/g, '');
  return `GW-${seed.slice(0, 12)}`;
}
