/**
 * API-key auth (design §3): with any key configured, every GraphQL request needs `Authorization: Bearer <key>`;
 * `read` allows queries, `write` mutations. Keys are compared by hash in constant time and never logged.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { OperationTypeNode } from 'graphql';
import { ForbiddenError, toGraphQLError, UnauthenticatedError } from '../errors';
import type { ApolloServerPlugin } from '@apollo/server';
import type { ApiKey, Scope } from '../config';
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

export class ApiKeyAuthenticator {
  private readonly keys: ({ digest: Buffer } & Grant)[];

  constructor(keys: readonly ApiKey[]) {
    this.keys = keys.map((key) => ({
      digest: digest(key.key),
      scopes: new Set(key.scopes),
      connections: key.connections ? new Set(key.connections) : null,
      documents: key.documents ? new Set(key.documents) : null,
    }));
  }

  get open(): boolean {
    return this.keys.length === 0;
  }

  /** Scopes for an Authorization header; null when the gateway is open. Throws UNAUTHENTICATED (401). */
  scopesFor(authorization: string | undefined): ReadonlySet<Scope> | null {
    return this.grantFor(authorization)?.scopes ?? null;
  }

  /** The grant of an Authorization header's key; null when the gateway is open. Throws UNAUTHENTICATED (401). */
  grantFor(authorization: string | undefined): Grant | null {
    if (this.open) return null;
    const match = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
    const presented = match ? digest(match[1].trim()) : undefined;
    const found = presented && this.keys.find((key) => timingSafeEqual(key.digest, presented));
    if (!found) {
      throw toGraphQLError(new UnauthenticatedError(match ? 'The API key is not valid' : 'An API key is required: Authorization: Bearer <key>'), { httpStatus: 401 });
    }
    return { scopes: found.scopes, connections: found.connections, documents: found.documents };
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
