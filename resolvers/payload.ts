/**
 * Every mutation answers a payload (design §2): the document, typed `userErrors`, the composite's `steps`, and how
 * its idempotency key was used. An outcome of the operation itself is never a top-level error, so one refusal
 * cannot hide another mutation's result in the same request.
 */
import type { DocumentNode } from '../src/catalog/canonical';
import { documentKind } from '../src/catalog';
import type { DocumentKind } from '../src/catalog/types';
import { storeKeyOf, type GatewayContext } from '../src/context';
import { GatewayError, OutcomeUnknownError, toUserError, type SagaStepReport, type UserErrorShape } from '../src/errors';
import { fingerprint, ReplayedError, runIdempotent } from '../src/idempotency/run';

/** What a mutation did, before it becomes a payload (and what the idempotency store records). */
export interface MutationSuccess {
  readonly document: DocumentNode | null;
  /** Every document a multi-document call created (answered under each kind's field). */
  readonly related?: readonly DocumentNode[];
  readonly deletedDocNo?: string;
  readonly deletedId?: string;
  readonly steps: readonly SagaStepReport[];
}

export interface Payload {
  readonly userErrors: UserErrorShape[];
  readonly steps: SagaStepReport[];
  readonly idempotency: { key: string; replayed: boolean } | null;
  readonly deletedDocNo?: string | null;
  readonly deletedId?: string | null;
  /** The document, under the kind's field name (`stockIn`). */
  readonly [documentField: string]: unknown;
}

export interface IdempotentCall {
  /** The mutation field (`createAndPostStockIn`): a batch item and the single mutation share records. */
  readonly field: string;
  readonly key: string | null | undefined;
  /** The arguments that make two requests "the same" (connection, docNo, input). */
  readonly args: { readonly connection: string | null; readonly docNo?: string; readonly input?: unknown };
}

/**
 * Run `work` once per idempotency key; a retry with the same key and arguments gets the recorded answer, other
 * arguments IDEMPOTENCY_CONFLICT. Without a key, it just runs.
 */
async function idempotent(
  context: GatewayContext,
  call: IdempotentCall,
  work: (attempt: { retry: boolean }) => Promise<MutationSuccess>,
): Promise<{ value: MutationSuccess; replayed: boolean }> {
  if (!call.key) return { value: await work({ retry: false }), replayed: false };
  return runIdempotent(context.runtime.idempotency, storeKeyOf(context, call.key), fingerprint(call.field, call.args), work);
}

/**
 * The payload of one mutation. `prepare` checks input and picks the connection (a refusal there claims no key);
 * `work` does the ERP calls under the idempotency key.
 */
export async function payloadOf<Prepared>(
  context: GatewayContext,
  kind: DocumentKind,
  call: IdempotentCall,
  prepare: () => Prepared,
  work: (prepared: Prepared, attempt: { retry: boolean }) => Promise<MutationSuccess>,
): Promise<Payload> {
  const idempotencyOf = (replayed: boolean) => (call.key ? { key: call.key, replayed } : null);
  try {
    const prepared = prepare();
    const { value, replayed } = await idempotent(context, call, (attempt) => work(prepared, attempt));
    // The ERP changed: documents this request's loaders cached may be stale for the next mutation's answer.
    if (!replayed) {
      context.loaders.clear();
      context.inverseLoaders.clear();
    }
    return {
      ...Object.fromEntries((value.related ?? []).map((node) => [documentKind(node.typeName)?.field ?? node.typeName, node])),
      [kind.field]: value.document,
      ...(value.deletedDocNo !== undefined ? { deletedDocNo: value.deletedDocNo, deletedId: value.deletedId ?? null } : {}),
      userErrors: [],
      steps: [...value.steps],
      idempotency: idempotencyOf(replayed),
    };
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    const { userError, steps } = toUserError(error);
    // An action on a named document: that is the document affected, whatever the error knew.
    const docNo = userError.docNo ?? call.args.docNo ?? null;
    return {
      [kind.field]: null,
      deletedDocNo: null,
      deletedId: null,
      userErrors: [{ ...userError, docNo }],
      steps,
      idempotency: idempotencyOf(error instanceof ReplayedError),
    };
  }
}

/**
 * A batch item whose run failed in a way the gateway did not foresee (a bug, a failing store): the other items
 * still answer, and this one says the truth — the ERP may or may not hold its document.
 */
export function unforeseenPayload(context: GatewayContext, kind: DocumentKind, key: string, error: unknown): Payload {
  context.runtime.logger.error({ err: { name: (error as Error)?.name, message: (error as Error)?.message }, idempotencyKey: key }, 'batch item failed unexpectedly');
  const { userError } = toUserError(
    new OutcomeUnknownError(`Internal gateway error on this item (logged); the ERP may hold its ${kind.type}: retry with the same idempotency key or look it up`),
  );
  return { [kind.field]: null, deletedDocNo: null, deletedId: null, userErrors: [userError], steps: [], idempotency: { key, replayed: false } };
}
