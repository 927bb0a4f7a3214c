import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildAppSchema } from '../schema';

describe('schema/schema.graphql', () => {
  it('matches the schema the code builds (run `npm run codegen` after a schema change)', async () => {
    const committed = readFileSync(path.join(__dirname, '../schema/schema.graphql'), 'utf8');
    const print = (schema: GraphQLSchema): string => printSchema(lexicographicSortSchema(schema));
    expect(print(buildSchema(committed))).toBe(print(await buildAppSchema()));
  });
});
