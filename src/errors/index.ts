/**
 * Typed gateway errors, one class per stable `extensions.code` (design §2), and the one mapper to GraphQL.
 * Messages are for people; codes are for programs. Credentials never go into a message or an extension.
 */
import { GraphQLError } from 'graphql';
import type { Action, DocumentStatus, Operation } from '../catalog/types';

export const ERROR_CODES = [
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'INVALID_TRANSITION',
  'ERP_REJECTED',
  'UPSTREAM_UNAVAILABLE',
  'IDEMPOTENCY_CONFLICT',
  'COMPENSATED',
  'COMPENSATION_FAILED',
  'UNSUPPORTED_ACTION',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export abstract class GatewayError extends Error {
  abstract readonly code: ErrorCode;
  /** Extra machine-readable detail, merged into `extensions` next to `code`. */
  extensions(): Record<string, unknown> {
    return {};
  }
}

export class BadUserInputError extends GatewayError {
  readonly code = 'BAD_USER_INPUT';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
  override extensions(): Record<string, unknown> {
    return { field: this.field };
  }
}

export class UnauthenticatedError extends GatewayError {
  readonly code = 'UNAUTHENTICATED';
}

export class ForbiddenError extends GatewayError {
  readonly code = 'FORBIDDEN';
}

export class NotFoundError extends GatewayError {
  readonly code = 'NOT_FOUND';
  constructor(
    readonly typeName: string,
    readonly docNo: string,
    readonly connection: string,
  ) {
    super(`${typeName} ${docNo} was not found on connection ${connection}`);
  }
  override extensions(): Record<string, unknown> {
    return { typeName: this.typeName, docNo: this.docNo, connection: this.connection };
  }
}

export class InvalidTransitionError extends GatewayError {
  readonly code = 'INVALID_TRANSITION';
  constructor(
    readonly typeName: string,
    readonly docNo: string,
    readonly from: DocumentStatus | null,
    readonly action: Action,
    /** Set when the ERP itself refused the step (a code in the connection's transitionRefusalCodes). */
    readonly erp?: ErpMessage,
  ) {
    super(
      erp
        ? `${typeName} ${docNo}: the ERP refused ${action}: ${erp.message}`
        : `${typeName} ${docNo} in status ${from ?? 'NEW'} cannot ${action}`,
    );
  }
  override extensions(): Record<string, unknown> {
    return { typeName: this.typeName, docNo: this.docNo, from: this.from, action: this.action, ...(this.erp ? { erp: this.erp } : {}) };
  }
}

/** What an ERP said when it refused: its own message id and text, passed on untouched. */
export interface ErpMessage {
  readonly code: string;
  readonly message: string;
  readonly sqlCode?: string;
}

export class ErpRejectedError extends GatewayError {
  readonly code = 'ERP_REJECTED';
  constructor(
    readonly erp: ErpMessage,
    readonly api: string,
    readonly connection: string,
  ) {
    super(`${connection} refused ${api}: [${erp.code}] ${erp.message}`);
  }
  override extensions(): Record<string, unknown> {
    return { erp: this.erp, api: this.api, connection: this.connection };
  }
}

export type UpstreamFailure = 'timeout' | 'network' | 'http_status' | 'unreadable' | 'platform' | 'circuit_open';

export class UpstreamUnavailableError extends GatewayError {
  readonly code = 'UPSTREAM_UNAVAILABLE';
  constructor(
    readonly reason: UpstreamFailure,
    readonly connection: string,
    readonly api: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${connection} is unavailable for ${api} (${reason}): ${detail}`, options);
  }
  override extensions(): Record<string, unknown> {
    return { reason: this.reason, connection: this.connection, api: this.api };
  }
}

export class UnsupportedActionError extends GatewayError {
  readonly code = 'UNSUPPORTED_ACTION';
  constructor(
    readonly typeName: string,
    readonly operation: Operation,
    readonly connection: string,
    readonly erpName: string,
  ) {
    super(`${erpName} (connection ${connection}) offers no API for ${operation} on ${typeName}`);
  }
  override extensions(): Record<string, unknown> {
    return { typeName: this.typeName, operation: this.operation, connection: this.connection };
  }
}

export class IdempotencyConflictError extends GatewayError {
  readonly code = 'IDEMPOTENCY_CONFLICT';
  constructor(readonly key: string) {
    super(`Idempotency key ${key} was already used with a different request`);
  }
  override extensions(): Record<string, unknown> {
    return { key: this.key };
  }
}

export interface SagaStepReport {
  readonly action: string;
  readonly api: string;
  readonly outcome: 'done' | 'failed' | 'compensated' | 'compensation_failed' | 'skipped';
  readonly message?: string;
}

export class CompensatedError extends GatewayError {
  readonly code = 'COMPENSATED';
  constructor(
    message: string,
    readonly steps: readonly SagaStepReport[],
    readonly erp?: ErpMessage,
  ) {
    super(message);
  }
  override extensions(): Record<string, unknown> {
    return { steps: this.steps, ...(this.erp ? { erp: this.erp } : {}) };
  }
}

export class CompensationFailedError extends GatewayError {
  readonly code = 'COMPENSATION_FAILED';
  constructor(
    message: string,
    readonly steps: readonly SagaStepReport[],
  ) {
    super(message);
  }
  override extensions(): Record<string, unknown> {
    return { steps: this.steps };
  }
}

/** The one place a GatewayError becomes a GraphQL error. */
export function toGraphQLError(error: GatewayError, path?: readonly (string | number)[]): GraphQLError {
  return new GraphQLError(error.message, {
    path,
    extensions: { code: error.code, ...error.extensions() },
  });
}
