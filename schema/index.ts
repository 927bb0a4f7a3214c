/**
 * Builds the GraphQL schema from the catalog: generated document types and resolvers, plus apiCatalog.
 * `schema/schema.graphql` is this schema printed (npm run codegen); a test fails when they drift apart.
 */
import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { DOCUMENT_KINDS } from '../src/catalog';
import { CatalogResolver } from '../resolvers/catalog.resolver';
import { documentResolvers } from '../resolvers/factory';
import { SagaResolver } from '../resolvers/sagas';
import { InventoryResolver } from '../resolvers/inventory';

let built: Promise<GraphQLSchema> | undefined;

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
