/**
 * The resolver factory: one generic class per document kind for its queries and field resolvers, and one tiny
 * class per mutation, named and described from the catalog. The catalog decides which mutations exist (the
 * lifecycles' actions and composites), what they are called, and which references each type has
 * (resolvers/references.ts). No document kind is named here.
 */
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { CanonicalInput, DocumentNode, LineNode } from '../src/catalog/canonical';
import { graphqlFieldFor, mutationsOf } from '../src/catalog';
import { describeBatch, describeMutation } from '../src/catalog/describe';
import type { Action, Composite, DocumentKind } from '../src/catalog/types';
import { connectionIdFor, datasourceFor, type GatewayContext } from '../src/context';
import { runCreateComposite, runReverse, type CompositeOutcome } from '../src/saga/composite';
import { runSaga } from '../src/saga/journaled';
import { DocumentLine, DocumentOrder, NodeInterface } from '../schema/common';
import { batchPayloadType, documentTypes, payloadType } from '../schema/documents';
import { runAction, runCreate, validateInput, type ActionOutcome } from './actions';
import { BATCH_CONCURRENCY_PER_CONNECTION, checkBatch, MAX_BATCH_ITEMS, runGrouped, type BatchItem } from './batch';
import { documentId, toNode } from './nodes';
import { eventResolvers } from './events';
import { gatewayReference, sagaStart } from './gateway-reference';
import { referenceResolvers } from './references';
import { payloadOf, unforeseenPayload, type MutationSuccess, type Payload } from './payload';
import { linesOf, listDocuments, MAX_NODE_IDS, MAX_PAGE_SIZE, nodeById, nodesByIds, readDocument, requireDocNo, type ListArgs } from './reads';
import type { ErpDatasource } from '../datasources/types';

type ResolverClass = new () => object;

const CONNECTION_DESCRIPTION = 'Connection (ERP instance) to use; default routing from config when omitted.';
const IDEMPOTENCY_DESCRIPTION =
  'Client key for safe retries: a retry with the same key and arguments gets the recorded answer and runs nothing again. ' +
  'Also accepted as the Idempotency-Key header on a request with a single mutation.';
const DOC_NO_DESCRIPTION = 'Number of the document to act on.';

/** A mutation's outcome as the payload (and the idempotency record) carries it: nodes with ids. */
function success(kind: DocumentKind, datasource: ErpDatasource, outcome: ActionOutcome | CompositeOutcome): MutationSuccess {
  if ('deletedDocNo' in outcome) {
    return { document: null, deletedDocNo: outcome.deletedDocNo, deletedId: documentId(kind.type, datasource.connection, outcome.deletedDocNo), steps: [] };
  }
  // A reverse that ended by deleting (an ERP without void): no document is left to answer; its steps say so.
  if ('deleted' in outcome && outcome.deleted) {
    const docNo = outcome.document.docNo;
    return { document: null, deletedDocNo: docNo, deletedId: documentId(kind.type, datasource.connection, docNo), steps: outcome.steps };
  }
  return { document: toNode(kind, datasource, outcome.document), steps: 'steps' in outcome ? outcome.steps : [] };
}

/** `<type>`, `<types>` and the field every document resolves lazily (lines); references are in references.ts. */
function queryResolver(kind: DocumentKind): ResolverClass {
  const { object, filter, connection } = documentTypes(kind);

  @Resolver(() => object)
  class DocumentQueries {
    @Query(() => object, { name: graphqlFieldFor(kind, 'read'), nullable: true, description: `One ${kind.type} by number; null when the ERP has none.` })
    one(
      @Ctx() context: GatewayContext,
      @Arg('docNo', () => String, { description: 'Document number.' }) docNo: string,
      @Arg('connection', () => ID, { nullable: true, description: CONNECTION_DESCRIPTION }) connectionId?: string,
    ): Promise<DocumentNode | null> {
      return readDocument(context, kind, connectionId, docNo);
    }

    @Query(() => connection, {
      name: graphqlFieldFor(kind, 'list'),
      description: `${kind.type} documents matching a filter, in a stable order, paged by keyset cursors (rows inserted while paging are neither skipped nor repeated).`,
    })
    many(
      @Ctx() context: GatewayContext,
      @Arg('connection', () => ID, { nullable: true, description: CONNECTION_DESCRIPTION }) connectionId?: string,
      @Arg('filter', () => filter, { nullable: true, description: 'Conditions, all of which must hold.' }) filterArg?: ListArgs['filter'],
      @Arg('orderBy', () => DocumentOrder, { nullable: true, description: 'Sort order; by document number ascending when omitted.' })
      orderBy?: ListArgs['orderBy'],
      @Arg('first', () => Int, { nullable: true, description: `Page size forwards (default 20, at most ${MAX_PAGE_SIZE}).` }) first?: number,
      @Arg('after', () => String, { nullable: true, description: 'Rows after this cursor.' }) after?: string,
      @Arg('last', () => Int, { nullable: true, description: `Page size backwards (at most ${MAX_PAGE_SIZE}).` }) last?: number,
      @Arg('before', () => String, { nullable: true, description: 'Rows before this cursor.' }) before?: string,
    ) {
      return listDocuments(context, kind, { connection: connectionId, filter: filterArg, orderBy, first, after, last, before });
    }

    @FieldResolver(() => [DocumentLine], { description: 'Lines, loaded on demand (batched per request).' })
    lines(@Root() node: DocumentNode, @Ctx() context: GatewayContext) {
      return linesOf(context, kind, node);
    }
  }

  return DocumentQueries;
}

@Resolver()
class NodeQueries {
  @Query(() => NodeInterface, { nullable: true, description: 'Any document or line by its global id; null when it no longer exists.' })
  node(@Ctx() context: GatewayContext, @Arg('id', () => ID, { description: 'A global id from this API.' }) id: string) {
    return nodeById(context, id);
  }

  @Query(() => [NodeInterface], {
    nullable: 'items',
    description: `Several documents or lines by global id, in the order given (at most ${MAX_NODE_IDS}), batched per connection and type.`,
  })
  nodes(@Ctx() context: GatewayContext, @Arg('ids', () => [ID], { description: 'Global ids from this API.' }) ids: string[]) {
    return nodesByIds(context, ids);
  }
}

type CreateMutation = 'create' | 'createAndApprove' | 'createAndPost';

/** The work of a create-like mutation for one (already validated) input. */
function createWork(context: GatewayContext, kind: DocumentKind, mutation: CreateMutation, field: string, key: string | null | undefined) {
  return async (prepared: { datasource: ErpDatasource; input: CanonicalInput }, attempt: { retry: boolean }): Promise<MutationSuccess> => {
    const { datasource, input } = prepared;
    if (mutation === 'create') {
      const reference = gatewayReference(key, field, context.principal);
      return success(kind, datasource, await runCreate(kind, datasource, input, reference, attempt.retry));
    }
    const { start, reference } = sagaStart(context, kind, datasource, { field, composite: mutation, key, input, docNo: null });
    const outcome = await runSaga(context.runtime, start, datasource, (journaled) => runCreateComposite(kind, journaled, mutation, { input, reference, retry: attempt.retry }));
    return success(kind, datasource, outcome);
  };
}

function createPayload(
  context: GatewayContext,
  kind: DocumentKind,
  mutation: CreateMutation,
  args: { connection?: string | null; input: CanonicalInput; key?: string | null },
): Promise<Payload> {
  const field = graphqlFieldFor(kind, mutation);
  const input = JSON.parse(JSON.stringify(args.input ?? {})) as CanonicalInput;
  return payloadOf(
    context,
    kind,
    { field, key: args.key, args: { connection: args.connection ?? null, input } },
    () => ({ datasource: datasourceFor(context, kind, args.connection), input: validateInput(kind, input, 'create') }),
    createWork(context, kind, mutation, field, args.key),
  );
}

/** `create<Type>(input)`, `createAndPost<Type>(input)` … */
function inputMutation(kind: DocumentKind, mutation: CreateMutation): ResolverClass {
  const { input } = documentTypes(kind);
  // Built now, not in the type thunk: type-graphql collects its metadata when buildSchema starts.
  const payload = payloadType(kind, mutation);
  @Resolver()
  class InputMutation {
    @Mutation(() => payload, { name: graphqlFieldFor(kind, mutation), nullable: true, description: describeMutation(kind, mutation) })
    run(
      @Ctx() context: GatewayContext,
      @Arg('input', () => input, { description: `The ${kind.type} to create.` }) inputArg: CanonicalInput,
      @Arg('connection', () => ID, { nullable: true, description: CONNECTION_DESCRIPTION }) connectionId?: string,
      @Arg('idempotencyKey', () => String, { nullable: true, description: IDEMPOTENCY_DESCRIPTION }) idempotencyKey?: string,
    ): Promise<Payload> {
      return createPayload(context, kind, mutation, { connection: connectionId, input: inputArg, key: idempotencyKey ?? context.idempotencyKey });
    }
  }
  return InputMutation;
}

/** `create<Type>Batch(items)`, `createAndPost<Type>Batch(items)` … */
function batchMutation(kind: DocumentKind, mutation: CreateMutation): ResolverClass {
  const { batchItem } = documentTypes(kind);
  const payload = batchPayloadType(kind, mutation);
  @Resolver()
  class BatchMutation {
    @Mutation(() => payload, {
      name: `${graphqlFieldFor(kind, mutation)}Batch`,
      nullable: true,
      description: describeBatch(kind, mutation, MAX_BATCH_ITEMS),
    })
    async run(
      @Ctx() context: GatewayContext,
      @Arg('items', () => [batchItem], { description: `Up to ${MAX_BATCH_ITEMS} items, each with its own idempotency key.` })
      items: BatchItem<CanonicalInput>[],
    ): Promise<{ results: Payload[] }> {
      checkBatch(items);
      const results = await runGrouped(
        items,
        (item) => connectionIdFor(context, kind, item.connection),
        BATCH_CONCURRENCY_PER_CONNECTION,
        (item) =>
          createPayload(context, kind, mutation, { connection: item.connection, input: item.input, key: item.idempotencyKey }).catch((error: unknown) =>
            unforeseenPayload(context, kind, item.idempotencyKey, error),
          ),
      );
      return { results };
    }
  }
  return BatchMutation;
}

/** `update<Type>(docNo, input)`, `approve<Type>(docNo)`, `reverse<Type>(docNo)` … */
function docNoMutation(kind: DocumentKind, mutation: Exclude<Action, 'create'> | 'reverse'): ResolverClass {
  const { input } = documentTypes(kind);
  const field = graphqlFieldFor(kind, mutation);
  const takesInput = mutation === 'update';
  const payload = payloadType(kind, mutation);

  function run(context: GatewayContext, args: { docNo: string; connection?: string | null; input?: CanonicalInput; key?: string | null }): Promise<Payload> {
    const plainInput = args.input === undefined ? undefined : (JSON.parse(JSON.stringify(args.input)) as CanonicalInput);
    return payloadOf(
      context,
      kind,
      { field, key: args.key, args: { connection: args.connection ?? null, docNo: args.docNo, input: plainInput } },
      () => ({
        datasource: datasourceFor(context, kind, args.connection),
        docNo: requireDocNo(args.docNo),
        input: plainInput === undefined ? undefined : validateInput(kind, plainInput, 'update'),
      }),
      async ({ datasource, docNo, input: validInput }, attempt) => {
        if (mutation === 'reverse') {
          const { start, reference } = sagaStart(context, kind, datasource, { field, composite: 'reverse', key: args.key, input: null, docNo });
          const deleteSent = attempt.retry && (await context.runtime.journal.stepSent(reference, 'delete'));
          const run = (journaled: ErpDatasource) => runReverse(kind, journaled, docNo, reference, { retry: attempt.retry, deleteSent });
          return success(kind, datasource, await runSaga(context.runtime, start, datasource, run));
        }
        return success(kind, datasource, await runAction(kind, datasource, mutation, docNo, validInput));
      },
    );
  }

  if (takesInput) {
    @Resolver()
    class UpdateMutation {
      @Mutation(() => payload, { name: field, nullable: true, description: describeMutation(kind, mutation) })
      run(
        @Ctx() context: GatewayContext,
        @Arg('docNo', () => String, { description: DOC_NO_DESCRIPTION }) docNo: string,
        @Arg('input', () => input, { description: 'Fields to change; omitted fields keep their value.' }) inputArg: CanonicalInput,
        @Arg('connection', () => ID, { nullable: true, description: CONNECTION_DESCRIPTION }) connectionId?: string,
        @Arg('idempotencyKey', () => String, { nullable: true, description: IDEMPOTENCY_DESCRIPTION }) idempotencyKey?: string,
      ): Promise<Payload> {
        return run(context, { docNo, connection: connectionId, input: inputArg, key: idempotencyKey ?? context.idempotencyKey });
      }
    }
    return UpdateMutation;
  }

  @Resolver()
  class DocNoMutation {
    @Mutation(() => payload, { name: field, nullable: true, description: describeMutation(kind, mutation) })
    run(
      @Ctx() context: GatewayContext,
      @Arg('docNo', () => String, { description: DOC_NO_DESCRIPTION }) docNo: string,
      @Arg('connection', () => ID, { nullable: true, description: CONNECTION_DESCRIPTION }) connectionId?: string,
      @Arg('idempotencyKey', () => String, { nullable: true, description: IDEMPOTENCY_DESCRIPTION }) idempotencyKey?: string,
    ): Promise<Payload> {
      return run(context, { docNo, connection: connectionId, key: idempotencyKey ?? context.idempotencyKey });
    }
  }
  return DocNoMutation;
}

/** Every resolver class for every catalog kind. */
export function documentResolvers(kinds: readonly DocumentKind[]): ResolverClass[] {
  const resolvers: ResolverClass[] = [NodeQueries];
  for (const kind of kinds) {
    resolvers.push(queryResolver(kind));
    const { actions, composites } = mutationsOf(kind);
    for (const action of actions) {
      if (action === 'create') resolvers.push(inputMutation(kind, 'create'), batchMutation(kind, 'create'));
      else resolvers.push(docNoMutation(kind, action));
    }
    for (const composite of composites as Composite[]) {
      if (composite === 'reverse') resolvers.push(docNoMutation(kind, 'reverse'));
      else resolvers.push(inputMutation(kind, composite), batchMutation(kind, composite));
    }
  }
  resolvers.push(...referenceResolvers(kinds), ...eventResolvers());
  return resolvers;
}
