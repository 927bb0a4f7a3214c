/**
 * `sagas` lists the journal for operators; `resolveSaga` acts on a saga that needs attention (write scope, as
 * every mutation). Both read and write the journal through src/saga, never the ERP directly.
 */
import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { isLimited, type GatewayContext } from '../src/context';
import { BadUserInputError, ForbiddenError, GatewayError, toUserError } from '../src/errors';
import type { SagaAction, SagaRecord, SagaState } from '../src/saga/journal';
import { resolveSaga } from '../src/saga/journaled';
import { ResolveSagaPayload, Saga, SagaActionEnum, SagaConnection, SagaStateEnum } from '../schema/sagas';

const MAX_PAGE = 100;

/**
 * The journal spans every connection, document type and client (idempotency keys included): with API keys
 * configured it needs the operator scope, on a key without connection or document limits.
 */
function operatorRefusal(context: GatewayContext): ForbiddenError | undefined {
  if (context.scopes && !context.scopes.has('operator')) return new ForbiddenError('The saga journal needs an API key with the operator scope');
  if (isLimited(context)) return new ForbiddenError('The saga journal spans every connection and document type: it needs a key without connection or document limits');
  return undefined;
}

function toSaga(record: SagaRecord): Saga {
  return {
    id: String(record.id),
    document: record.type,
    connection: record.connection,
    composite: record.composite,
    state: record.state,
    docNo: record.docNo,
    reference: record.reference,
    idempotencyKey: record.idempotencyKey,
    steps: record.steps.map((step) => ({ ...step })),
    message: record.message,
    resolution: record.resolution,
    startedAt: record.startedAt,
    updatedAt: record.updatedAt,
  };
}

function sagaId(value: string, field: string): number {
  if (!/^[1-9]\d{0,15}$/.test(value)) throw new BadUserInputError(field, `"${value.slice(0, 40)}" is not a saga id (or cursor) from this gateway`);
  return Number(value);
}

@Resolver()
export class SagaResolver {
  @Query(() => SagaConnection, { description: 'Composite runs from the saga journal, newest first: what ran, what each ERP call did, what needs attention.' })
  async sagas(
    @Ctx() context: GatewayContext,
    @Arg('state', () => SagaStateEnum, { nullable: true, description: 'Only sagas in this state (NEEDS_ATTENTION: the ones to act on).' }) state?: SagaState,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20, description: `Page size (at most ${MAX_PAGE}).` }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last saga of the previous page.' }) after?: string,
  ): Promise<SagaConnection> {
    const refusal = operatorRefusal(context);
    if (refusal) throw refusal;
    const size = first ?? 20;
    if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE) throw new BadUserInputError('first', `must be 1 to ${MAX_PAGE}`);
    const before = after ? sagaId(after, 'after') : null;
    const rows = await context.runtime.journal.list(state ?? null, size + 1, before);
    const page = rows.slice(0, size);
    return {
      edges: page.map((record) => ({ cursor: String(record.id), node: toSaga(record) })),
      pageInfo: { hasNextPage: rows.length > size, hasPreviousPage: before !== null, startCursor: page[0] ? String(page[0].id) : null, endCursor: page.at(-1) ? String(page.at(-1)!.id) : null },
    };
  }

  @Mutation(() => ResolveSagaPayload, {
    description: 'Act on a saga that needs attention: RETRY the missing steps, COMPENSATE (back its document out to VOID), or MARK_RESOLVED after a fix by hand.',
  })
  async resolveSaga(
    @Ctx() context: GatewayContext,
    @Arg('id', () => ID, { description: 'The saga (Saga.id).' }) id: string,
    @Arg('action', () => SagaActionEnum, { description: 'What to do.' }) action: SagaAction,
  ): Promise<ResolveSagaPayload> {
    const refusal = operatorRefusal(context);
    if (refusal) return { saga: null, userErrors: [toUserError(refusal).userError] };
    try {
      const { saga, error } = await resolveSaga(context.runtime, sagaId(id, 'id'), action);
      return { saga: toSaga(saga), userErrors: error ? [toUserError(error).userError] : [] };
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      const record = /^\d+$/.test(id) ? await context.runtime.journal.get(Number(id)) : undefined;
      return { saga: record ? toSaga(record) : null, userErrors: [toUserError(error).userError] };
    }
  }
}
