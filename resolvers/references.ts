/**
 * Reference fields generated from the catalog's ReferenceSpecs: `<Type>.<field>` (the referenced document,
 * batched per request), `DocumentLine.<field>` where the reference sits on lines, and on the target the inverse
 * connection (`WorkOrder.stockIns`), answered for a whole page of parents by one batched call.
 */
import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { LINE_REFERENCE_FIELDS, type DocumentNode, type LineNode } from '../src/catalog/canonical';
import { documentKind } from '../src/catalog';
import type { DocumentKind, ReferenceSpec } from '../src/catalog/types';
import type { GatewayContext } from '../src/context';
import { DocumentLine } from '../schema/common';
import { documentTypes } from '../schema/documents';
import { inverseConnection, readDocument, type InverseArgs } from './reads';

type ResolverClass = new () => object;
type ParameterDecorator = (target: object, method: string, index: number) => void;

/** Canonical line fields that name another document, so a reference by one also sits on lines (`DocumentLine.workOrder`). */
const LINE_FIELDS: ReadonlySet<string> = new Set(LINE_REFERENCE_FIELDS);

function target(ref: ReferenceSpec): DocumentKind {
  const found = documentKind(ref.target);
  if (!found) throw new Error(`catalog reference ${ref.field} names unknown type ${ref.target}`);
  return found;
}

/**
 * One field resolver on `objectType` in a class of its own, its method named after the field: type-graphql matches
 * a type's field resolvers by method name, so generated resolvers on one type must not share one.
 */
function fieldResolverClass(
  objectType: () => Function,
  field: string,
  returns: () => unknown,
  options: { nullable?: boolean; description: string },
  parameters: readonly ParameterDecorator[],
  implementation: (...args: never[]) => unknown,
): ResolverClass {
  const resolver = class {};
  Object.defineProperty(resolver, 'name', { value: `${field}Resolver` });
  const prototype = resolver.prototype as Record<string, unknown>;
  Object.defineProperty(prototype, field, { value: implementation, writable: true, configurable: true });
  // Decorators applied by hand read the parameter types from metadata, as the TypeScript compiler would emit it.
  Reflect.defineMetadata('design:paramtypes', parameters.map(() => Object), prototype, field);
  Reflect.defineMetadata('design:returntype', Object, prototype, field);
  parameters.forEach((decorate, index) => decorate(prototype, field, index));
  FieldResolver(returns as () => StringConstructor, { name: field, ...options })(prototype, field, Object.getOwnPropertyDescriptor(prototype, field)!);
  Resolver(objectType)(resolver);
  return resolver;
}

export function referenceResolvers(kinds: readonly DocumentKind[]): ResolverClass[] {
  const resolvers: ResolverClass[] = [];
  const lineFields = new Set<string>();
  for (const kind of kinds) {
    for (const ref of kind.references ?? []) {
      const referenced = target(ref);
      const { connection, filter } = documentTypes(kind);
      resolvers.push(
        fieldResolverClass(
          () => documentTypes(kind).object,
          ref.field,
          () => documentTypes(referenced).object,
          { nullable: true, description: `${ref.description} (batched per request).` },
          [Root() as ParameterDecorator, Ctx() as ParameterDecorator],
          (node: DocumentNode, context: GatewayContext) => {
            const docNo = node[ref.by];
            return typeof docNo === 'string' && docNo !== '' ? readDocument(context, referenced, node.connection, docNo) : null;
          },
        ),
        fieldResolverClass(
          () => documentTypes(referenced).object,
          ref.inverse,
          () => connection,
          { description: `${kind.plural} naming this ${ref.target} (${ref.by}), by number; one batched ERP call for a whole page of ${ref.target}s.` },
          [
            Root() as ParameterDecorator,
            Ctx() as ParameterDecorator,
            Arg('first', () => Int, { nullable: true, description: 'Page size (default 20, at most 100).' }) as ParameterDecorator,
            Arg('after', () => String, { nullable: true, description: 'Rows after this cursor.' }) as ParameterDecorator,
            Arg('filter', () => filter, { nullable: true, description: 'Conditions, all of which must hold.' }) as ParameterDecorator,
          ],
          (parent: DocumentNode, context: GatewayContext, first?: number, after?: string, filterArg?: InverseArgs['filter']) =>
            inverseConnection(context, kind, ref, parent, { first, after, filter: filterArg }),
        ),
      );
      if (LINE_FIELDS.has(ref.by) && !lineFields.has(ref.field)) {
        lineFields.add(ref.field);
        resolvers.push(
          fieldResolverClass(
            () => DocumentLine,
            ref.field,
            () => documentTypes(referenced).object,
            { nullable: true, description: `The ${ref.target} this line belongs to (batched per request).` },
            [Root() as ParameterDecorator, Ctx() as ParameterDecorator],
            (line: LineNode, context: GatewayContext) => {
              const docNo = (line as unknown as Record<string, unknown>)[ref.by];
              return typeof docNo === 'string' && docNo !== '' ? readDocument(context, referenced, line.connection, docNo) : null;
            },
          ),
        );
      }
    }
  }
  return resolvers;
}
