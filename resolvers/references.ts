/**
 * Reference fields generated from the catalog's ReferenceSpecs: `<Type>.<field>` (the referenced document,
 * batched per request), `DocumentLine.<field>` where the reference sits on lines, and on the target the inverse
 * connection (`WorkOrder.stockIns`), answered for a whole page of parents by one batched call.
 */
import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { DocumentNode, LineNode } from '../src/catalog/canonical';
import { documentKind } from '../src/catalog';
import type { DocumentKind, ReferenceSpec } from '../src/catalog/types';
import type { GatewayContext } from '../src/context';
import { DocumentLine } from '../schema/common';
import { documentTypes } from '../schema/documents';
import { inverseConnection, readDocument, type InverseArgs } from './reads';

type ResolverClass = new () => object;

/** Canonical line fields a reference can sit on (design §2: `DocumentLine.workOrder`). */
const LINE_FIELDS = new Set(['workOrderNo']);

function target(ref: ReferenceSpec): DocumentKind {
  const found = documentKind(ref.target);
  if (!found) throw new Error(`catalog reference ${ref.field} names unknown type ${ref.target}`);
  return found;
}

function forward(kind: DocumentKind, ref: ReferenceSpec): ResolverClass {
  const referenced = target(ref);
  @Resolver(() => documentTypes(kind).object)
  class ForwardReference {
    @FieldResolver(() => documentTypes(referenced).object, { name: ref.field, nullable: true, description: `${ref.description} (batched per request).` })
    resolve(@Root() node: DocumentNode, @Ctx() context: GatewayContext): Promise<DocumentNode | null> | null {
      const docNo = node[ref.by];
      return typeof docNo === 'string' && docNo !== '' ? readDocument(context, referenced, node.connection, docNo) : null;
    }
  }
  return ForwardReference;
}

function onLines(ref: ReferenceSpec): ResolverClass {
  const referenced = target(ref);
  @Resolver(() => DocumentLine)
  class LineReference {
    @FieldResolver(() => documentTypes(referenced).object, { name: ref.field, nullable: true, description: `The ${ref.target} this line belongs to (batched per request).` })
    resolve(@Root() line: LineNode, @Ctx() context: GatewayContext): Promise<DocumentNode | null> | null {
      const docNo = (line as unknown as Record<string, unknown>)[ref.by];
      return typeof docNo === 'string' && docNo !== '' ? readDocument(context, referenced, line.connection, docNo) : null;
    }
  }
  return LineReference;
}

function inverse(kind: DocumentKind, ref: ReferenceSpec): ResolverClass {
  const referenced = target(ref);
  const { connection, filter } = documentTypes(kind);
  @Resolver(() => documentTypes(referenced).object)
  class InverseReference {
    @FieldResolver(() => connection, {
      name: ref.inverse,
      description: `${kind.plural} naming this ${ref.target} (${ref.by}), by number; one batched ERP call for a whole page of ${ref.target}s.`,
    })
    resolve(
      @Root() parent: DocumentNode,
      @Ctx() context: GatewayContext,
      @Arg('first', () => Int, { nullable: true, description: 'Page size (default 20, at most 100).' }) first?: number,
      @Arg('after', () => String, { nullable: true, description: 'Rows after this cursor.' }) after?: string,
      @Arg('filter', () => filter, { nullable: true, description: 'Conditions, all of which must hold.' }) filterArg?: InverseArgs['filter'],
    ) {
      return inverseConnection(context, kind, ref, parent, { first, after, filter: filterArg });
    }
  }
  return InverseReference;
}

export function referenceResolvers(kinds: readonly DocumentKind[]): ResolverClass[] {
  const resolvers: ResolverClass[] = [];
  const lineFields = new Set<string>();
  for (const kind of kinds) {
    for (const ref of kind.references ?? []) {
      resolvers.push(forward(kind, ref), inverse(kind, ref));
      if (LINE_FIELDS.has(ref.by) && !lineFields.has(ref.field)) {
        lineFields.add(ref.field);
        resolvers.push(onLines(ref));
      }
    }
  }
  return resolvers;
}
