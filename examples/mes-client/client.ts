/**
 * A small typed GraphQL client for the gateway, the way an MES would talk to it: plain `fetch` (Node 20), an API
 * key as `Authorization: Bearer`, one idempotency key per mutation, and retries that resend the *same* key when a
 * request's fate is unknown (network error, timeout, 429/502/503/504), so a lost reply never books twice.
 *
 * Operations are `TypedDocument<TData, TVariables>`: the document text with codegen's result and variables types
 * attached (see operations.ts), so `mutate(CreateAndPostStockIn, { input })` is checked against the schema.
 */
import { randomUUID } from 'node:crypto';

/** A GraphQL document with its result and variables types (the shape of codegen's typed documents). */
export interface TypedDocument<TData, TVariables> {
  readonly name: string;
  readonly document: string;
  /** Phantom: carries the types, never set. */
  readonly __types?: [TData, TVariables];
}

/** One typed userError, as every mutation payload answers it. */
export interface UserError {
  code: string;
  message: string;
  field?: string[] | null;
  docNo?: string | null;
  erp?: { code: string | null; message: string } | null;
}

/** What every mutation payload has in common. */
export interface MutationPayload {
  userErrors: readonly UserError[];
  idempotency?: { key: string; replayed: boolean } | null;
}

/** The payload of a one-field mutation result type, e.g. CreateAndPostStockInMutation → its createAndPostStockIn. */
export type PayloadOf<TData> = NonNullable<TData[keyof TData]>;

/** A payload answered with userErrors: the gateway (or the ERP) refused; nothing was booked, or it was undone. */
export class UserErrorsError extends Error {
  constructor(
    readonly operation: string,
    readonly userErrors: readonly UserError[],
    /** The whole payload, e.g. `steps` of a compensated composite. */
    readonly payload: MutationPayload,
  ) {
    super(`${operation}: ${userErrors.map((error) => `${error.code} ${error.message}`).join('; ')}`);
    this.name = 'UserErrorsError';
  }

  get codes(): string[] {
    return this.userErrors.map((error) => error.code);
  }
}

/** The request itself was refused (top-level `errors`: bad query, unauthenticated, rate limited …). */
export class GraphQLRequestError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number,
    readonly errors: readonly { message: string; extensions?: { code?: string } }[],
  ) {
    super(`${operation}: HTTP ${status} ${errors.map((error) => `${error.extensions?.code ?? ''} ${error.message}`.trim()).join('; ')}`);
    this.name = 'GraphQLRequestError';
  }
}

export interface GatewayClientOptions {
  /** Base URL of the gateway, e.g. http://localhost:4000 (the client posts to `${url}/graphql`). */
  url: string;
  /** API key, sent as `Authorization: Bearer <key>`; none for a gateway without apiKeys. */
  apiKey?: string;
  /** Attempts per request, the first included (default 4). */
  attempts?: number;
  /** First backoff in ms, doubled per retry (default 200). */
  backoffMs?: number;
  /** Per-attempt timeout in ms (default 30 000). */
  timeoutMs?: number;
  /** The fetch to use (default: the global one); a test can wrap it to lose replies. */
  fetch?: typeof fetch;
}

export interface MutateOptions {
  /** The key this mutation is booked under; reuse it to retry. Default: a fresh UUID (then a retry is only safe inside this call). */
  idempotencyKey?: string;
}

/** Statuses after which the request may or may not have run: resend with the same key. */
const RETRY_STATUSES = new Set([429, 502, 503, 504]);

export class GatewayClient {
  private readonly endpoint: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: GatewayClientOptions) {
    this.endpoint = `${options.url.replace(/\/+$/, '')}/graphql`;
    this.fetchImpl = options.fetch ?? fetch;
  }

  /**
   * Sends one operation and answers its `data`. Retries on network errors and 429/502/503/504 with the same body
   * and headers (so with the same idempotency key); throws GraphQLRequestError on top-level errors.
   */
  async request<TData, TVariables>(document: TypedDocument<TData, TVariables>, variables?: TVariables, headers: Record<string, string> = {}): Promise<TData> {
    const body = JSON.stringify({ query: document.document, operationName: document.name, variables });
    const requestHeaders: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', ...headers };
    if (this.options.apiKey) requestHeaders.authorization = `Bearer ${this.options.apiKey}`;
    const attempts = Math.max(1, this.options.attempts ?? 4);
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) await sleep((this.options.backoffMs ?? 200) * 2 ** (attempt - 2));
      let response: Response;
      let text: string;
      try {
        response = await this.fetchImpl(this.endpoint, {
          method: 'POST',
          headers: requestHeaders,
          body,
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
        });
        text = await response.text();
      } catch (error) {
        lastError = error; // connection refused or reset, timeout, reply lost: its fate is unknown, resend
        continue;
      }
      if (RETRY_STATUSES.has(response.status)) {
        lastError = new Error(`${document.name}: HTTP ${response.status}`);
        continue;
      }
      let parsed: { data?: TData | null; errors?: { message: string; extensions?: { code?: string } }[] };
      try {
        parsed = JSON.parse(text) as typeof parsed;
      } catch {
        throw new Error(`${document.name}: HTTP ${response.status}, not a GraphQL response: ${text.slice(0, 200)}`);
      }
      if (parsed.errors?.length || parsed.data == null) throw new GraphQLRequestError(document.name, response.status, parsed.errors ?? []);
      return parsed.data;
    }
    throw new Error(`${document.name}: no answer after ${attempts} attempts: ${lastError instanceof Error ? lastError.message : String(lastError)}`, { cause: lastError });
  }

  /**
   * Runs a one-field mutation under an idempotency key and answers its payload; throws UserErrorsError when the
   * payload has userErrors. The key goes in the `idempotencyKey` variable when the document declares one, else
   * in the `Idempotency-Key` header (which the gateway accepts on a request holding a single mutation).
   */
  async mutate<TData extends Record<string, MutationPayload | null>, TVariables extends object>(
    document: TypedDocument<TData, TVariables>,
    variables: Omit<TVariables, 'idempotencyKey'>,
    options: MutateOptions = {},
  ): Promise<PayloadOf<TData>> {
    const key = options.idempotencyKey ?? randomUUID();
    const declaresKey = /\$idempotencyKey\b/.test(document.document);
    const data = await this.request(
      document,
      (declaresKey ? { ...variables, idempotencyKey: key } : variables) as TVariables,
      declaresKey ? {} : { 'idempotency-key': key },
    );
    const fields = Object.keys(data);
    if (fields.length !== 1) throw new Error(`${document.name}: mutate() takes a document with one mutation field, got ${fields.join(', ')}`);
    const payload = data[fields[0]];
    if (!payload) throw new Error(`${document.name}: no payload`);
    if (payload.userErrors.length > 0) throw new UserErrorsError(document.name, payload.userErrors, payload);
    return payload as PayloadOf<TData>;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
