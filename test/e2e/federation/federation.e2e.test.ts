/**
 * The gateway as an Apollo Federation v2 subgraph (issue 15 §2): documents are entities keyed by `connection docNo`,
 * `_service` and `_entities` work, `schema/subgraph.graphql` is what the code builds, and a real composing engine
 * (@apollo/composition + @apollo/gateway, from the registry) composes it with a second subgraph — a quality service
 * that extends WorkOrder — and answers a query across both. Budget: < 15 s.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSubgraphSchema } from '@apollo/subgraph';
import express from 'express';
import { parse } from 'graphql';
import { subgraphSdl } from '../../../schema';
import { TestGateway } from '../../support/gateway';

const QUALITY_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  "A work order as the quality service knows it: by the ERP gateway's key."
  type WorkOrder @key(fields: "connection docNo") {
    connection: ID!
    docNo: String!
    "Inspections of this work order's output."
    inspections: [Inspection!]!
  }
  "One quality inspection."
  type Inspection { id: ID! result: String! }
  type Query { "How many inspections the service holds." inspectionCount: Int! }
`;

async function listen(app: express.Express): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return { url, close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

describe('the gateway as a federation subgraph', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await TestGateway.start();
  });
  afterAll(() => gateway.stop());

  it('keeps schema/subgraph.graphql equal to the subgraph SDL the code builds (run `npm run codegen` after a change)', async () => {
    expect(readFileSync(path.join(__dirname, '../../../schema/subgraph.graphql'), 'utf8')).toBe(`${(await subgraphSdl()).trimEnd()}\n`);
  });

  it('answers _service with the federation link and a key on every document type, and resolves _entities by that key', async () => {
    const { data } = await gateway.query<{ _service: { sdl: string } }>('{ _service { sdl } }');
    expect(data!._service.sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.3"');
    expect(data!._service.sdl).toMatch(/type StockIn implements Node & Document\s+@key\(fields: "connection docNo"\)/);
    const docNo = await gateway.sampleDocNo('t100', 'StockIn', 'POSTED');
    const entities = await gateway.query<{ _entities: ({ docNo: string; status: string } | null)[] }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on StockIn { docNo status } ... on MiscIssue { docNo } } }',
      { r: [{ __typename: 'StockIn', connection: 't100', docNo }, { __typename: 'StockIn', connection: 't100', docNo: 'SI01-00000000000' }] },
    );
    expect(entities.errors).toBeUndefined();
    expect(entities.data!._entities).toEqual([{ docNo, status: 'POSTED' }, null]);
  });

  it('is composed with a quality subgraph by a real router, which answers one query across both', async () => {
    const { data } = await gateway.query<{ _service: { sdl: string } }>('{ _service { sdl } }');
    const quality = express();
    const qualityServer = new ApolloServer({
      plugins: [ApolloServerPluginInlineTraceDisabled()],
      schema: buildSubgraphSchema({
        typeDefs: parse(QUALITY_SDL),
        resolvers: {
          Query: { inspectionCount: () => 2 },
          WorkOrder: {
            __resolveReference: (reference: { connection: string; docNo: string }) => reference,
            inspections: (workOrder: { docNo: string }) => [{ id: `${workOrder.docNo}/1`, result: 'PASS' }],
          },
        },
      }),
    });
    await qualityServer.start();
    quality.use('/graphql', express.json(), expressMiddleware(qualityServer));
    const qualityHttp = await listen(quality);

    const composed = composeServices([
      { name: 'erp', typeDefs: parse(data!._service.sdl), url: `${gateway.url}/graphql` },
      { name: 'quality', typeDefs: parse(QUALITY_SDL), url: qualityHttp.url },
    ]);
    expect(composed.errors).toBeUndefined();
    const router = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl: composed.supergraphSdl! }) });
    await router.start();
    const routerApp = express();
    routerApp.use('/graphql', express.json(), expressMiddleware(router));
    const routerHttp = await listen(routerApp);
    try {
      const response = await fetch(routerHttp.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ inspectionCount workOrders(first: 2) { edges { node { docNo status inspections { id result } } } } }' }),
      });
      const body = (await response.json()) as { data?: { inspectionCount: number; workOrders: { edges: { node: { docNo: string; status: string; inspections: { id: string; result: string }[] } }[] } }; errors?: unknown };
      expect(body.errors).toBeUndefined();
      expect(body.data!.inspectionCount).toBe(2);
      const nodes = body.data!.workOrders.edges.map((edge) => edge.node);
      expect(nodes).toHaveLength(2);
      for (const node of nodes) expect(node.inspections).toEqual([{ id: `${node.docNo}/1`, result: 'PASS' }]);
    } finally {
      await routerHttp.close();
      await router.stop();
      await qualityHttp.close();
      await qualityServer.stop();
    }
  });

  it('takes at most 100 representations in one _entities call', async () => {
    const representations = Array.from({ length: 101 }, (_, index) => ({ __typename: 'StockIn', connection: 't100', docNo: `SI01-${index}` }));
    const { errors } = await gateway.query('query($r: [_Any!]!) { _entities(representations: $r) { ... on StockIn { docNo } } }', { r: representations });
    expect(errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('the subgraph with introspection off', () => {
  it('refuses _service (it would give the schema away) but still resolves _entities for a router', async () => {
    const gateway = await TestGateway.start({ introspection: false });
    try {
      const sdl = await gateway.query('{ _service { sdl } }');
      expect(sdl.errors?.map((error) => [error.extensions?.code, error.message])).toEqual([['GRAPHQL_VALIDATION_FAILED', expect.stringContaining('_service is off while introspection is off')]]);
      const docNo = await gateway.sampleDocNo('t100', 'StockIn', 'POSTED');
      const entities = await gateway.query<{ _entities: { docNo: string }[] }>('query($r: [_Any!]!) { _entities(representations: $r) { ... on StockIn { docNo } } }', { r: [{ __typename: 'StockIn', connection: 't100', docNo }] });
      expect(entities.data!._entities).toEqual([{ docNo }]);
    } finally {
      await gateway.stop();
    }
  });
});
