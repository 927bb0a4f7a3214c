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

let built: Promise<GraphQLSchema> | undefined;

/** The schema, built once per process (type-graphql keeps its metadata globally). */
export function buildAppSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: [CatalogResolver, ...documentResolvers(DOCUMENT_KINDS)] as unknown as [Function, ...Function[]],
    validate: false,
    emitSchemaFile: false,
  });
  return built;
}
