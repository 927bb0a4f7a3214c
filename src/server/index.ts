/**
 * The gateway process: Apollo Server 5 on express 5 (POST /graphql with a plain JSON body skips Express: see
 * graphql-fast-path.ts), plus GraphiQL, health, readiness, metrics and — in sandbox mode — the sandbox admin
 * endpoints (design §3).
 */
import 'reflect-metadata';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { unwrapResolverError } from '@apollo/server/errors';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import pino, { type Logger } from 'pino';
import { buildServedSchema, noServiceSdl } from '../../schema';
import type { ErpDatasource } from '../../datasources/types';
import type { ConnectionConfig, GatewayConfig } from '../config';
import { createContext, type GatewayContext, type GatewayRuntime } from '../context';
import { erpFamily } from '../erps';
import { GatewayError, httpRefusal, internalErrorExtensions, requestLimitExtensions, toGraphQLError } from '../errors';
import { PgIdempotencyStore } from '../idempotency/pg-store';
import { SqliteIdempotencyStore } from '../idempotency/sqlite-store';
import type { IdempotencyStore } from '../idempotency/store';
import type { SagaJournal } from '../saga/journal';
import { PgSagaJournal } from '../saga/pg-journal';
import { SqliteSagaJournal } from '../saga/sqlite-journal';
import { SqliteSyncLedger } from '../sync/ledger';
import { reenterRequest, requestIdFrom, requestIdMixin, runInRequest } from '../observability/request-context';
import { markOperationFailed, nameOperation, startTracing, traceRequest } from '../observability/tracing';
import { recoverSagas, superviseSagas } from '../saga/journaled';
import { GatewayMetrics } from '../observability/metrics';
import { ApiKeyAuthenticator, scopePlugin } from './auth';
import { idempotencyHeaderPlugin } from './idempotency-header';
import { graphqlFastPath } from './graphql-fast-path';
import { graphqlOverHttpPlugin } from './graphql-over-http';
import { createRateLimiter } from './rate-limit';
import { graphiqlRouter } from './graphiql';
import { sandboxAdminRouter, type SandboxHandle } from './sandbox-admin';

export interface GatewayOptions {
  readonly config: GatewayConfig;
  /** Embedded sandbox ERPs (sandbox mode); their admin endpoints are mounted under /sandbox. */
  readonly sandboxes?: readonly SandboxHandle[];
  readonly logger?: Logger;
  readonly clock?: () => Date;
}

export interface RunningGateway {
  readonly url: string;
  readonly port: number;
  readonly runtime: GatewayRuntime;
  /** Recovery of the sagas a stopped gateway left unfinished: how many it took up, once done. */
  readonly recovery: Promise<number>;
  close(): Promise<void>;
}

function createDatasource(connection: ConnectionConfig, metrics: GatewayMetrics, clock?: () => Date): ErpDatasource {
  const family = erpFamily(connection.erp);
  // parseConfig admits only registered families, so a missing one is a programming error.
  if (!family) throw new Error(`no ERP family registered for ${connection.erp}`);
  return family.createDatasource(connection, metrics, clock);
}

/** A URL as it may be logged: any user:password part, query string and fragment removed (they may hold tokens). */
function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(unparsable URL)';
  }
}

/** The largest JSON body a GraphQL request may have (2 MiB), on both routes. */
const JSON_LIMIT_BYTES = 2 * 1024 * 1024;

/** GraphQL answers carry ERP documents as they are now: no proxy or browser may keep a copy. */
function noStore(_req: Request, res: Response, next: NextFunction): void {
  res.set('cache-control', 'no-store');
  next();
}

/** Every error leaves as a stable code; anything unexpected is logged and answered without internals. */
function errorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof GatewayError) {
      const { extensions } = toGraphQLError(original);
      return { message: original.message, locations: formatted.locations, path: formatted.path, extensions };
    }
    const limit = requestLimitExtensions(formatted.message);
    if (limit) return { message: formatted.message.replace(/^Syntax Error: /, '').replace('more that', 'more than'), locations: formatted.locations, extensions: limit };
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') {
      // Refusals built with toGraphQLError (auth, scopes, request rules) keep their detail; transport hints go.
      const { http: _http, stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions };
    }
    logger.error({ err: { message: (original as Error)?.message, name: (original as Error)?.name }, path: formatted.path }, 'unexpected resolver error');
    return { message: 'Internal gateway error; it has been logged.', locations: formatted.locations, path: formatted.path, extensions: internalErrorExtensions() };
  };
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { config } = options;
  const logger = options.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'info', mixin: requestIdMixin });
  // First, before anything is opened: a JWKS file that cannot be read stops the start with nothing to clean up.
  const auth = new ApiKeyAuthenticator(config.apiKeys, config.jwt);
  const metrics = new GatewayMetrics({ defaultMetrics: true, logger });
  const datasources = new Map(config.connections.map((connection) => [connection.id, createDatasource(connection, metrics, options.clock)]));
  metrics.watchCircuits(() => [...datasources.values()].map((datasource) => ({ connection: datasource.connection, state: datasource.circuit })));
  // Several instances share idempotency records and the saga journal through PostgreSQL (and take over each
  // other's sagas); one alone keeps them in its SQLite file.
  const leaseMs = config.sagaTakeoverSeconds * 1000;
  const idempotency: IdempotencyStore = config.databaseUrl
    ? await PgIdempotencyStore.open({ url: config.databaseUrl, schema: config.databaseSchema, ttlHours: config.idempotencyRetentionHours })
    : new SqliteIdempotencyStore(config.dataDir, config.idempotencyRetentionHours);
  let journal: SagaJournal;
  try {
    journal = config.databaseUrl
      ? await PgSagaJournal.open({ url: config.databaseUrl, schema: config.databaseSchema, leaseMs, now: options.clock })
      : new SqliteSagaJournal(config.dataDir, { leaseMs, now: options.clock });
  } catch (error) {
    await idempotency.close();
    throw error;
  }
  const now = options.clock ?? (() => new Date());
  await idempotency.releaseAbandoned((await journal.unfinished()).flatMap((saga) => (saga.storeKey ? [saga.storeKey] : [])));
  await idempotency.prune(now());
  const pruning = setInterval(() => {
    idempotency.prune(now()).catch((error: Error) => logger.warn({ err: { message: error.message } }, 'pruning idempotency records failed'));
  }, 3_600_000).unref();
  const ledger = new SqliteSyncLedger(config.dataDir);
  // Traces go to a collector only when one is configured (tracing.otlpUrl or OTEL_EXPORTER_OTLP_ENDPOINT).
  const tracing = startTracing({ otlpUrl: config.tracing.otlpUrl, serviceName: config.tracing.serviceName });
  if (tracing) logger.info({ otlpUrl: withoutCredentials(config.tracing.otlpUrl!) }, 'exporting traces over OTLP/HTTP');
  const runtime: GatewayRuntime = { config, datasources, metrics, idempotency, journal, ledger, logger };

  const app = express();
  app.disable('x-powered-by');
  // An ETag is a SHA-1 of every answer body, for caches that `cache-control: no-store` already turns away.
  app.set('etag', false);
  // One id per HTTP request (the caller's x-request-id when it sends a plain one): in the answer's header, in every
  // log line written while serving it, and sent to each ERP the request calls.
  app.use((req: Request, res: Response, next: NextFunction) => {
    const requestId = requestIdFrom(req.get('x-request-id'));
    res.set('x-request-id', requestId);
    runInRequest(requestId, next);
  });
  let fastGraphql: ((req: http.IncomingMessage, res: http.ServerResponse) => boolean) | undefined;
  const httpServer = http.createServer((req, res) => {
    if (!fastGraphql?.(req, res)) app(req, res);
  });
  // Request limits (graphql-armor): depth, aliases, tokens, directives and cost, each refused with its own code.
  const armor = new ApolloArmor({
    maxDepth: { n: config.limits.depth, ignoreIntrospection: true, flattenFragments: true },
    maxAliases: { n: config.limits.aliases },
    // Tokens are counted by graphql's own parser (parseOptions below): armor's token plugin re-parses the document
    // in a hook, and a syntax error thrown there answered HTTP 500.
    maxTokens: { enabled: false },
    maxDirectives: { n: config.limits.directives },
    costLimit: { maxCost: config.limits.cost, ignoreIntrospection: true },
    // Introspection is on, so suggestions reveal nothing it does not; GraphiQL users rely on them.
    blockFieldSuggestion: { enabled: false },
  }).protect();
  const apollo = new ApolloServer<GatewayContext>({
    schema: await buildServedSchema(),
    validationRules: config.introspection ? armor.validationRules : [...armor.validationRules, noServiceSdl],
    allowBatchedHttpRequests: false,
    parseOptions: { maxTokens: config.limits.tokens },
    // GET serves queries only (Apollo answers 405 to a mutation over GET), so a cross-site GET changes nothing; with
    // API keys configured it cannot carry the Authorization header; and POST needs application/json, which browsers
    // preflight. Apollo's CSRF check would only make GET queries need an extra header the GraphQL-over-HTTP spec lacks.
    csrfPrevention: false,
    plugins: [
      ...armor.plugins,
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // A federation subgraph would add Apollo's inline traces to every answer a router asks them of: not wanted here.
      ApolloServerPluginInlineTraceDisabled(),
      // No cache hints exist here, yet Apollo's default cache-control plugin wraps every field's resolver to collect
      // them (3 % of a read's CPU in the profile); the answer's `cache-control: no-store` is set below instead.
      ApolloServerPluginCacheControlDisabled(),
      scopePlugin(),
      idempotencyHeaderPlugin(),
      graphqlOverHttpPlugin(),
      {
        async requestDidStart() {
          const started = process.hrtime.bigint();
          return {
            async didResolveOperation({ operation, operationName }) {
              if (operation) nameOperation(operation.operation, operationName ?? operation.name?.value);
            },
            async willSendResponse({ operation, operationName, response }) {
              const errors = response.body.kind === 'single' && response.body.singleResult.errors;
              if (errors) markOperationFailed();
              metrics.recordOperation(operation?.operation ?? 'unknown', operationName ?? operation?.name?.value, !errors, Number(process.hrtime.bigint() - started) / 1e9);
            },
          };
        },
      },
    ],
    introspection: config.introspection,
    formatError: errorFormatter(logger),
    includeStacktraceInErrorResponses: false,
  });
  await apollo.start();

  // Who a request is, worked out once per request (a JWT's signature is checked once) for the rate limit and the context.
  const identities = new WeakMap<Request, ReturnType<ApiKeyAuthenticator['identify']>>();
  const identityOf = (req: Request): ReturnType<ApiKeyAuthenticator['identify']> => {
    let identity = identities.get(req);
    if (!identity) {
      identity = auth.identify(req.get('authorization'));
      identity.catch(() => undefined); // answered by whoever awaits it; never an unhandled rejection
      identities.set(req, identity);
    }
    return identity;
  };
  const rateLimiter = config.rateLimit ? createRateLimiter(config.rateLimit, config.redisUrl, logger, identityOf) : null;
  const graphqlRoute = [
    ...(rateLimiter ? [rateLimiter.middleware] : []),
    express.json({ limit: JSON_LIMIT_BYTES }),
    noStore,
    reenterRequest,
    traceRequest,
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const idempotencyKey = req.get('idempotency-key') ?? undefined;
        return createContext(runtime, await identityOf(req), idempotencyKey);
      },
    }),
  ];
  // POST /graphql, nearly every request, is matched first rather than after every other route; GET /graphql comes
  // after GraphiQL's page, which a browser asking for HTML gets.
  app.post('/graphql', ...graphqlRoute);
  // The same route without Express for plain JSON posts (see graphql-fast-path.ts), the rate limit included.
  fastGraphql = graphqlFastPath({
    apollo,
    limitBytes: JSON_LIMIT_BYTES,
    logger,
    identify: (authorization) => auth.identify(authorization),
    context: async (identity, idempotencyKey) => createContext(runtime, identity, idempotencyKey),
    ...(rateLimiter ? { rateLimit: rateLimiter.decide } : {}),
  });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Ready when every connection's circuit is closed (design §3); half-open or open → 503 with which one.
  app.get('/readyz', (_req, res) => {
    const connections = [...datasources.values()].map((ds) => ({ id: ds.connection, erp: ds.erp, circuit: ds.circuit }));
    const ready = connections.every((connection) => connection.circuit === 'closed');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'degraded', connections });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  const defaultFamily = erpFamily(config.connections.find((connection) => connection.id === config.defaultConnection)?.erp ?? 't100');
  if (config.graphiql) app.use(graphiqlRouter(defaultFamily?.graphiqlExample));
  if (options.sandboxes && options.sandboxes.length > 0) {
    // Faults and documents are writes to the ERPs: with API keys configured, they need a key with the write scope.
    app.use('/sandbox', (req: Request, res: Response, next: NextFunction) => {
      if (auth.open) return next();
      auth.scopesFor(req.get('authorization')).then(
        (scopes) => {
          if (scopes?.has('write')) return next();
          res.status(403).json(httpRefusal(403, 'The sandbox admin routes need an API key with the write scope'));
        },
        () => res.status(401).json(httpRefusal(401, 'An API key is required: Authorization: Bearer <key>')),
      );
    });
    app.use('/sandbox', sandboxAdminRouter(options.sandboxes));
  }
  // Systems that call us (AI-WMS pushes): each family's inbound routes, for its connection, on the gateway's port.
  for (const connection of config.connections) {
    const inbound = erpFamily(connection.erp)?.inbound;
    if (inbound) app.use(inbound.path, inbound.router(connection, runtime));
  }
  app.use('/graphql', ...graphqlRoute);
  // An unknown route answers JSON, never Express's HTML page.
  app.use((req: Request, res: Response) => {
    res.status(404).json(httpRefusal(404, `No route ${req.method} ${req.path}`));
  });
  // Malformed JSON and anything else that escapes a route: a clear 4xx/5xx JSON answer, never a crash.
  app.use((error: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) logger.error({ err: { message: error.message } }, 'unhandled request error');
    res.status(status).json(httpRefusal(status, status === 500 ? 'Internal gateway error' : error.message));
  });

  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  logger.info(
    {
      url: `${url}/graphql`,
      connections: config.connections.map((connection) => ({ id: connection.id, erp: connection.erp, baseUrl: withoutCredentials(connection.baseUrl) })),
      auth: auth.describe(),
      state: config.databaseUrl ? `PostgreSQL ${withoutCredentials(config.databaseUrl)} (schema ${config.databaseSchema}): idempotency + saga journal` : 'SQLite',
      instance: journal.instance,
      rateLimit: rateLimiter && config.rateLimit ? `${config.rateLimit.requests} per ${config.rateLimit.perSeconds} s per key (${rateLimiter.store})` : 'off',
    },
    'gateway listening',
  );
  if (auth.open) logger.warn('no API keys or JWT issuer configured: the gateway is open to anyone who can reach it');
  // Sagas a stopped gateway left mid-way are driven to their end in the background; serving starts at once. Then,
  // every third of the lease, this instance renews the leases of its sagas and takes over those of stopped ones.
  const stopRecovery = { stopped: false };
  // An ERP down during recovery: the saga is tried again after sagaTakeoverSeconds, then twice as long each time.
  const sagaRuntime = { ...runtime, recovery: { retryAfterMs: leaseMs, attempts: config.sagaRecoveryAttempts } };
  const recovery = recoverSagas(sagaRuntime, stopRecovery).catch((error: Error) => {
    logger.error({ err: { message: error.message } }, 'saga recovery failed');
    return 0;
  });
  const supervision = superviseSagas(sagaRuntime, leaseMs / 3, recovery);

  return {
    url,
    port,
    runtime,
    recovery,
    async close() {
      stopRecovery.stopped = true; // the saga in hand is finished; the rest wait for the next start or another instance
      await recovery;
      // No more takeovers; the heartbeat goes on while requests drain, so their sagas keep their leases.
      await supervision.stopSweeping();
      clearInterval(pruning);
      await apollo.stop();
      await supervision.stop();
      await Promise.all([...datasources.values()].map((datasource) => datasource.close()));
      await idempotency.close();
      await journal.close();
      ledger.close();
      await tracing?.shutdown().catch(() => undefined);
      await rateLimiter?.close();
    },
  };
}
