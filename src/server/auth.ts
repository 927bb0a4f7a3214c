/**
 * Auth (design §3): with any API key or a JWT issuer configured, every GraphQL request needs
 * `Authorization: Bearer <key or JWT>`; `read` allows queries, `write` mutations, `operator` the saga journal.
 * API keys are compared by hash in constant time and never logged. JWTs are verified with `jose` (signature,
 * expiry, issuer, audience); their `scope` claim (space-separated, or `scp` as a list) gives the scopes, and
 * optional `connections` / `documents` claims limit them like a key's.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { OperationTypeNode } from 'graphql';
import { ForbiddenError, toGraphQLError, UnauthenticatedError } from '../errors';
import type { ApolloServerPlugin } from '@apollo/server';
import { ConfigError, SCOPES, type ApiKey, type JwtConfig, type Scope } from '../config';
import type { GatewayContext } from '../context';

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** What a key may do: read and/or write, on which connections and document types (null: all). */
export interface Grant {
  readonly scopes: ReadonlySet<Scope>;
  readonly connections: ReadonlySet<string> | null;
  readonly documents: ReadonlySet<string> | null;
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

function names(claim: unknown): ReadonlySet<string> | null {
  return Array.isArray(claim) ? new Set(claim.filter((entry): entry is string => typeof entry === 'string')) : null;
}

function grantOfClaims(payload: JWTPayload): Grant {
  const listed = typeof payload.scope === 'string' ? payload.scope.split(/\s+/) : Array.isArray(payload.scp) ? payload.scp : [];
  return {
    scopes: new Set(SCOPES.filter((scope) => listed.includes(scope))),
    connections: names(payload.connections),
    documents: names(payload.documents),
  };
}

/** A JWKS file as a key set; a file that is missing or not a JWKS stops the start with the key that names it. */
function loadJwks(file: string): JWTVerifyGetKey {
  try {
    return createLocalJWKSet(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    throw new ConfigError('jwt.jwksFile', 'cannot be read as a JWKS document ({"keys": […]})');
  }
}

/**
 * A JWKS file that follows key rotation without a restart: a token naming a key the set lacks makes the file be
 * read again when it changed (at most once per `refreshMs`). A rewrite that is not a JWKS keeps the keys in use.
 */
function watchedJwks(file: string, refreshMs: number): JWTVerifyGetKey {
  const stampOf = (): string => {
    const stat = statSync(file);
    return `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
  };
  // The stamp before the read: a rewrite in between is then seen as a change, not taken for the keys read. A file
  // that cannot be read is refused by loadJwks, naming its key.
  let stamp = '';
  try {
    stamp = stampOf();
  } catch {
    // loadJwks says what is wrong
  }
  let keys = loadJwks(file);
  let checked = 0;
  return async (header, token) => {
    try {
      return await keys(header, token);
    } catch (error) {
      if (!(error instanceof joseErrors.JWKSNoMatchingKey) || Date.now() - checked < refreshMs) throw error;
      checked = Date.now();
      let changed: string;
      try {
        changed = stampOf();
        if (changed === stamp) throw error;
        keys = loadJwks(file);
      } catch {
        // Unchanged, being rewritten, or broken: the keys in use stay, and this token is refused as it was.
        throw error;
      }
      stamp = changed;
      return keys(header, token);
    }
  };
}

function unauthenticated(message: string): never {
  throw toGraphQLError(new UnauthenticatedError(message), { httpStatus: 401 });
}

export class ApiKeyAuthenticator {
  private readonly keys: ({ digest: Buffer } & Grant)[];
  private readonly jwtKey: Uint8Array | JWTVerifyGetKey | null;

  constructor(
    keys: readonly ApiKey[],
    private readonly jwt: JwtConfig | null = null,
  ) {
    this.keys = keys.map((key) => ({
      digest: digest(key.key),
      scopes: new Set(key.scopes),
      connections: key.connections ? new Set(key.connections) : null,
      documents: key.documents ? new Set(key.documents) : null,
    }));
    const refreshMs = (jwt?.jwksRefreshSeconds ?? 30) * 1000;
    this.jwtKey = !jwt
      ? null
      : jwt.secret
        ? new TextEncoder().encode(jwt.secret)
        : jwt.jwksUrl
          ? // jose fetches the set on first use, keeps it (cacheMaxAge), and fetches again when a token names an unknown key
            createRemoteJWKSet(new URL(jwt.jwksUrl), { timeoutDuration: 5000, cooldownDuration: refreshMs, cacheMaxAge: Math.max(10 * 60_000, refreshMs) })
          : watchedJwks(jwt.jwksFile!, refreshMs);
  }

  get open(): boolean {
    return this.keys.length === 0 && !this.jwt;
  }

  /** How requests are admitted, for the start-up log (never a key). */
  describe(): string {
    if (this.open) return 'open (no API keys or JWT issuer configured)';
    return [this.keys.length > 0 ? `${this.keys.length} API key(s)` : '', this.jwt ? `JWT (${this.jwt.secret ? 'shared secret' : this.jwt.jwksUrl ? 'JWKS URL' : 'JWKS file'})` : ''].filter(Boolean).join(' + ');
  }

  /** Scopes for an Authorization header; null when the gateway is open. Rejects with UNAUTHENTICATED (401). */
  async scopesFor(authorization: string | undefined): Promise<ReadonlySet<Scope> | null> {
    return (await this.grantFor(authorization))?.scopes ?? null;
  }

  /** The grant of an Authorization header's key or JWT; null when the gateway is open. Rejects with UNAUTHENTICATED (401). */
  async grantFor(authorization: string | undefined): Promise<Grant | null> {
    return (await this.identify(authorization))?.grant ?? null;
  }

  /**
   * Who a request is (for rate limits: a hashed key, or the JWT's issuer and subject) and what it may do; null when
   * the gateway is open. Rejects with UNAUTHENTICATED (401).
   */
  async identify(authorization: string | undefined): Promise<{ subject: string; grant: Grant } | null> {
    if (this.open) return null;
    const match = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
    if (!match) unauthenticated('An API key or token is required: Authorization: Bearer <key>');
    const presented = match[1].trim();
    if (this.jwtKey && JWT_SHAPE.test(presented)) {
      try {
        const { payload } = await jwtVerify(presented, this.jwtKey as Uint8Array, {
          ...(this.jwt?.issuer ? { issuer: this.jwt.issuer } : {}),
          ...(this.jwt?.audience ? { audience: this.jwt.audience } : {}),
          algorithms: this.jwt?.secret ? ['HS256', 'HS384', 'HS512'] : ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'],
        });
        return { subject: `jwt:${createHash('sha256').update(`${payload.iss ?? ''}\u0000${payload.sub ?? presented}`).digest('hex').slice(0, 32)}`, grant: grantOfClaims(payload) };
      } catch (error) {
        // The reason (expired, bad signature, wrong audience …), never the token.
        const code = error instanceof joseErrors.JOSEError ? error.code : 'ERR_JWT_INVALID';
        unauthenticated(`The bearer token is not valid (${code})`);
      }
    }
    const hashed = digest(presented);
    const found = this.keys.find((key) => timingSafeEqual(key.digest, hashed));
    if (!found) unauthenticated('The API key is not valid');
    return { subject: `key:${hashed.toString('hex').slice(0, 32)}`, grant: { scopes: found.scopes, connections: found.connections, documents: found.documents } };
  }
}

const SCOPE_FOR: Record<string, Scope> = { query: 'read', mutation: 'write', subscription: 'read' };

/** Refuses an operation the key's scopes do not allow, before any resolver runs. */
export function scopePlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation }) {
          if (!contextValue.scopes || !operation) return;
          const needed = SCOPE_FOR[operation.operation as OperationTypeNode];
          if (!contextValue.scopes.has(needed)) {
            throw toGraphQLError(new ForbiddenError(`This API key lacks the ${needed} scope needed for a ${operation.operation}`), { httpStatus: 403 });
          }
        },
      };
    },
  };
}
