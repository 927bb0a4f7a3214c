/**
 * Builds the GraphQL schema from the catalog: generated document types and resolvers, plus apiCatalog.
 * `schema/schema.graphql` is this schema printed (npm run codegen); a test fails when they drift apart.
 */
import 'reflect-metadata';
import { GraphQLError, parse, type ASTVisitor, type GraphQLSchema, type ValidationContext } from 'graphql';
import { BadUserInputError } from '../src/errors';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { buildSchema, createResolversMap } from 'type-graphql';
import type { GatewayContext } from '../src/context';
import { MAX_NODE_IDS, readDocument } from '../resolvers/reads';
import { DOCUMENT_KINDS } from '../src/catalog';
import { CatalogResolver } from '../resolvers/catalog.resolver';
import { documentResolvers } from '../resolvers/factory';
import { SagaResolver } from '../resolvers/sagas';
import { InventoryResolver } from '../resolvers/inventory';

let built: Promise<GraphQLSchema> | undefined;
let served: Promise<GraphQLSchema> | undefined;

/** At most this many entity representations per `_entities` call: as many as `nodes(ids)` takes ids. */
export const MAX_ENTITY_REPRESENTATIONS = MAX_NODE_IDS;

/**
 * With introspection off, `_service { sdl }` would give the whole schema away all the same: refused then (a router
 * composes from `schema/subgraph.graphql` instead).
 */
export function noServiceSdl(context: ValidationContext): ASTVisitor {
  return {
    Field(node) {
      if (node.name.value === '_service' && context.getParentType()?.name === 'Query') {
        context.reportError(new GraphQLError('_service is off while introspection is off; compose from schema/subgraph.graphql', { nodes: node }));
      }
    },
  };
}

/** Federation v2 (design §4): the link the subgraph SDL starts with, and the directives it imports. */
const FEDERATION_LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';

/**
 * The schema the gateway serves: the client schema as an Apollo Federation v2 subgraph — every document an entity
 * keyed by `connection docNo`, with `_service { sdl }` and `_entities` — so a router can compose it with other
 * subgraphs. Queries and mutations are the client schema's, unchanged.
 */
export function buildServedSchema(): Promise<GraphQLSchema> {
  served ??= buildAppSchema().then((schema) => {
    const typeDefs = parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`);
    const resolvers = createResolversMap(schema) as Record<string, Record<string, unknown>>;
    for (const kind of DOCUMENT_KINDS) {
      resolvers[kind.type] = {
        ...(resolvers[kind.type] ?? {}),
        // An entity reference from another subgraph: the document, read through the request's batching loader.
        __resolveReference: (reference: { connection?: string; docNo?: string }, context: GatewayContext) =>
          readDocument(context, kind, reference.connection ?? null, String(reference.docNo ?? '')),
      };
    }
    const subgraph = buildSubgraphSchema({ typeDefs, resolvers: resolvers as GraphQLResolverMap<unknown> });
    // _entities reads each representation from the ERP: as many at once as nodes(ids) takes, no more.
    const entities = subgraph.getQueryType()!.getFields()._entities;
    const resolveEntities = entities.resolve!;
    entities.resolve = (source, args: { representations?: unknown[] }, context, info) => {
      const count = args.representations?.length ?? 0;
      if (count > MAX_ENTITY_REPRESENTATIONS) throw new BadUserInputError('representations', `_entities takes at most ${MAX_ENTITY_REPRESENTATIONS} representations, got ${count}`);
      return resolveEntities(source, args, context, info);
    };
    subgraph.getQueryType()!.description = schema.getQueryType()!.description;
    subgraph.getMutationType()!.description = schema.getMutationType()!.description;
    return subgraph;
  });
  return served;
}

/** The subgraph SDL a router composes (`_service { sdl }`): `schema/subgraph.graphql`, drift-tested. */
export async function subgraphSdl(): Promise<string> {
  return printSubgraphSchema(await buildServedSchema());
}

/** The schema, built once per process (type-graphql keeps its metadata globally). */
export function buildAppSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: [CatalogResolver, SagaResolver, InventoryResolver, ...documentResolvers(DOCUMENT_KINDS)] as unknown as [Function, ...Function[]],
    validate: false,
    emitSchemaFile: false,
  }).then((schema) => {
    // type-graphql has no option for the root types' descriptions; GraphiQL's docs pane opens on them.
    schema.getQueryType()!.description =
      'Reads: one document by number, keyset-paged lists per document type, any document or line by global id, and the operation catalog.';
    schema.getMutationType()!.description =
      'Every lifecycle action of every document type, the composites (createAndApprove, createAndPost, reverse) and the batch forms; each answers a payload with typed userErrors.';
    return schema;
  });
  return built;
}
