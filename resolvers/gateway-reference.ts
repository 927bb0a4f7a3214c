import { createHash, randomUUID } from 'node:crypto';
import type { CanonicalInput } from '../src/catalog/canonical';
import type { DocumentKind } from '../src/catalog/types';
import { storeKeyOf, type GatewayContext } from '../src/context';
import type { SagaComposite, SagaStart } from '../src/saga/journal';
import type { ErpDatasource } from '../datasources/types';

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

/** What a composite mutation journals when its saga starts, and the reference it creates under: one place for all. */
export function sagaStart(
  context: GatewayContext,
  kind: DocumentKind,
  datasource: ErpDatasource,
  run: { field: string; composite: SagaComposite; key: string | null | undefined; input: CanonicalInput | null; docNo: string | null },
): { start: SagaStart; reference: string } {
  const reference = gatewayReference(run.key, run.field, context.principal);
  const start: SagaStart = {
    type: kind.type,
    connection: datasource.connection,
    composite: run.composite,
    reference,
    idempotencyKey: run.key ?? null,
    storeKey: run.key ? storeKeyOf(context, run.key) : null,
    input: run.input,
    docNo: run.docNo,
  };
  return { start, reference };
}
