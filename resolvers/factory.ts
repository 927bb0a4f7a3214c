/**
 * The resolver factory: one generic class per document kind for its queries and field resolvers, and one tiny
 * class per mutation, named from the catalog. The catalog decides which mutations exist (the lifecycle's actions
 * and composites) and what they are called; the one kind named here is WorkOrder, the target of design §2's
 * nested references (`<Type>.workOrder`, `DocumentLine.workOrder`).
 */
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { CanonicalInput, DocumentFilter, DocumentNode } from '../src/catalog/canonical';
import { documentKind, graphqlFieldFor, mutationsOf } from '../src/catalog';
import type { Action, Composite, DocumentKind } from '../src/catalog/types';
import type { GatewayContext } from '../src/context';
import { DeletedDocument, DocumentLine } from '../schema/common';
import { documentTypes } from '../schema/documents';
import { fingerprint, runIdempotent } from '../src/idempotency/run';
import { linesOf, listDocuments, readDocument, runAction, runComposite } from './operations';

type ResolverClass = new () => object;

const CONNECTION_DESCRIPTION = 'Connection (ERP instance) to use; default routing from config when omitted.';
const IDEMPOTENCY_DESCRIPTION = 'Client key for safe retries (also accepted as the Idempotency-Key header).';

/**
 * Run a mutation once per idempotency key (argument, else the Idempotency-Key header). The fingerprint covers
 * the field and its arguments, so the same key with different input is a conflict, not a replay.
 */
async function idempotent<T>(
  context: GatewayContext,
  field: string,
  args: { idempotencyKey?: string | null; [name: string]: unknown },
  work: (attempt: { retry: boolean }) => Promise<T>,
): Promise<T> {
  const { idempotencyKey, ...rest } = args;
  const key = idempotencyKey ?? context.idempotencyKey;
  if (!key) return work({ retry: false });
  const outcome = await runIdempotent(context.runtime.idempotency, key, fingerprint(field, rest), work);
  context.idempotency = { key, replayed: outcome.replayed };
  return outcome.value;
}

/** `<type>`, `<types>` and the fields every document resolves lazily (lines, workOrder). */
function queryResolver(kind: DocumentKind): ResolverClass {
  const { object, filter, connection } = documentTypes(kind);
  const workOrderKind = documentKind('WorkOrder');

  @Resolver(() => object)
  class DocumentQueries {
    @Query(() => object, { name: graphqlFieldFor(kind, 'read'), nullable: true, description: `One ${kind.type} by number.` })
    one(
      @Ctx() context: GatewayContext,
      @Arg('docNo', () => String) docNo: string,
      @Arg('connection', () => ID, { nullable: true, description: CONNECTION_DESCRIPTION }) connectionId?: string,
    ): Promise<DocumentNode | null> {
      return readDocument(context, kind, connectionId, docNo);
    }

    @Query(() => connection, { name: graphqlFieldFor(kind, 'list'), description: `${kind.type} documents, newest numbering last.` })
    many(
      @Ctx() context: GatewayContext,
      @Arg('connection', () => ID, { nullable: true, description: CONNECTION_DESCRIPTION }) connectionId?: string,
      @Arg('filter', () => filter, { nullable: true }) filterArg?: DocumentFilter,
      @Arg('first', () => Int, { nullable: true, description: 'Page size (default 20, at most 500).' }) first?: number,
      @Arg('after', () => String, { nullable: true }) after?: string,
    ) {
      return listDocuments(context, kind, { connection: connectionId, filter: filterArg, first, after });
    }

    @FieldResolver(() => [DocumentLine])
    lines(@Root() node: DocumentNode, @Ctx() context: GatewayContext) {
      return linesOf(context, kind, node);
    }
  }

  if (!workOrderKind || kind.type === workOrderKind.type) return DocumentQueries;
  const referenced: DocumentKind = workOrderKind;

  @Resolver(() => object)
  class DocumentReferences extends DocumentQueries {
    @FieldResolver(() => documentTypes(referenced).object, {
      nullable: true,
      description: 'The work order this document belongs to (batched per request).',
    })
    workOrder(@Root() node: DocumentNode, @Ctx() context: GatewayContext): Promise<DocumentNode | null> {
      return node.workOrderNo ? readDocument(context, referenced, node.connection, node.workOrderNo) : Promise.resolve(null);
    }
  }
  return DocumentReferences;
}

/** `DocumentLine.workOrder`, batched per request through the WorkOrder loader of the line's connection. */
function lineResolver(): ResolverClass | undefined {
  const found = documentKind('WorkOrder');
  if (!found) return undefined;
  const workOrderKind: DocumentKind = found;
  @Resolver(() => DocumentLine)
  class DocumentLineReferences {
    @FieldResolver(() => documentTypes(workOrderKind).object, { nullable: true })
    workOrder(@Root() line: { workOrderNo?: string | null; connection?: string }, @Ctx() context: GatewayContext) {
      return line.workOrderNo ? readDocument(context, workOrderKind, line.connection, line.workOrderNo) : null;
    }
  }
  return DocumentLineReferences;
}

function describe(kind: DocumentKind, operation: Action | Composite): string {
  const api = Object.entries(kind.erps)
    .map(([erp, binding]) => (binding?.operations[operation] ? `${erp}: ${binding.operations[operation]!.api}` : null))
    .filter(Boolean)
    .join('; ');
  return `${operation} ${kind.type}${api ? ` (${api})` : ''}.`;
}

/** `create<Type>(input)`, `createAndPost<Type>(input)` … */
function inputMutation(kind: DocumentKind, operation: 'create' | 'createAndApprove' | 'createAndPost'): ResolverClass {
  const { object, input } = documentTypes(kind);
  @Resolver()
  class InputMutation {
    @Mutation(() => object, { name: graphqlFieldFor(kind, operation), description: describe(kind, operation) })
    run(
      @Ctx() context: GatewayContext,
      @Arg('input', () => input) inputArg: CanonicalInput,
      @Arg('connection', () => ID, { nullable: true, description: CONNECTION_DESCRIPTION }) connectionId?: string,
      @Arg('idempotencyKey', () => String, { nullable: true, description: IDEMPOTENCY_DESCRIPTION }) idempotencyKey?: string,
    ) {
      const args = { connection: connectionId, input: inputArg, idempotencyKey };
      return idempotent(context, graphqlFieldFor(kind, operation), args, ({ retry }) =>
        operation === 'create' ? runAction(context, kind, 'create', args) : runComposite(context, kind, operation, { ...args, retry }),
      );
    }
  }
  return InputMutation;
}

/** `update<Type>(docNo, input)`. */
function updateMutation(kind: DocumentKind): ResolverClass {
  const { object, input } = documentTypes(kind);
  @Resolver()
  class UpdateMutation {
    @Mutation(() => object, { name: graphqlFieldFor(kind, 'update'), description: describe(kind, 'update') })
    run(
      @Ctx() context: GatewayContext,
      @Arg('docNo', () => String) docNo: string,
      @Arg('input', () => input) inputArg: CanonicalInput,
      @Arg('connection', () => ID, { nullable: true, description: CONNECTION_DESCRIPTION }) connectionId?: string,
      @Arg('idempotencyKey', () => String, { nullable: true, description: IDEMPOTENCY_DESCRIPTION }) idempotencyKey?: string,
    ) {
      const args = { connection: connectionId, docNo, input: inputArg, idempotencyKey };
      return idempotent(context, graphqlFieldFor(kind, 'update'), args, () => runAction(context, kind, 'update', args));
    }
  }
  return UpdateMutation;
}

/** `approve<Type>(docNo)`, `delete<Type>(docNo)`, `reverse<Type>(docNo)` … */
function docNoMutation(kind: DocumentKind, operation: Exclude<Action, 'create' | 'update'> | 'reverse'): ResolverClass {
  const { object } = documentTypes(kind);
  const returns = operation === 'delete' ? DeletedDocument : object;
  @Resolver()
  class DocNoMutation {
    @Mutation(() => returns, { name: graphqlFieldFor(kind, operation), description: describe(kind, operation) })
    run(
      @Ctx() context: GatewayContext,
      @Arg('docNo', () => String) docNo: string,
      @Arg('connection', () => ID, { nullable: true, description: CONNECTION_DESCRIPTION }) connectionId?: string,
      @Arg('idempotencyKey', () => String, { nullable: true, description: IDEMPOTENCY_DESCRIPTION }) idempotencyKey?: string,
    ) {
      const args = { connection: connectionId, docNo, idempotencyKey };
      return idempotent(context, graphqlFieldFor(kind, operation), args, () =>
        operation === 'reverse' ? runComposite(context, kind, 'reverse', args) : runAction(context, kind, operation, args),
      );
    }
  }
  return DocNoMutation;
}

/** Every resolver class for every catalog kind. */
export function documentResolvers(kinds: readonly DocumentKind[]): ResolverClass[] {
  const resolvers: ResolverClass[] = [];
  for (const kind of kinds) {
    resolvers.push(queryResolver(kind));
    const { actions, composites } = mutationsOf(kind);
    for (const action of actions) {
      if (action === 'create') resolvers.push(inputMutation(kind, 'create'));
      else if (action === 'update') resolvers.push(updateMutation(kind));
      else resolvers.push(docNoMutation(kind, action));
    }
    for (const composite of composites) {
      resolvers.push(composite === 'reverse' ? docNoMutation(kind, 'reverse') : inputMutation(kind, composite));
    }
  }
  const lines = lineResolver();
  if (lines) resolvers.push(lines);
  return resolvers;
}
