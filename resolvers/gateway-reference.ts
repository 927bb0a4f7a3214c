import { createHash, randomUUID } from 'node:crypto';

/**
 * The gateway reference written with every document a mutation creates (source_no on T100), by which an unanswered
 * create is found again: derived from the mutation and its idempotency key, so a retry looks for the same one.
 */
export function gatewayReference(idempotencyKey: string | null | undefined, field: string, principal: string | null = null): string {
  // Scoped by the client (principal) as its idempotency record is: two clients' equal keys name different documents.
  const seed = idempotencyKey
    ? createHash('sha256').update(principal ?? '').update('\u0000').update(field).update('\u0000').update(idempotencyKey).digest('hex')
    : randomUUID().replace(/-/g, '');
  return `GW-${seed.slice(0, 12)}`;
}
