/**
 * Typed gateway errors, one class per stable `extensions.code` (design §2), and the one mapper to GraphQL.
 * Messages are for people; codes are for programs. Credentials never go into a message or an extension.
 */
import { GraphQLError } from 'graphql';
import type { Action, DocumentStatus, Operation } from '../catalog/types';

const ERROR_CODES = [
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'INVALID_TRANSITION',
  'OUTCOME_UNKNOWN',
  'ERP_REJECTED',
  'UPSTREAM_UNAVAILABLE',
  'IDEMPOTENCY_CONFLICT',
  'COMPENSATED',
  'COMPENSATION_FAILED',
  'UNSUPPORTED_ACTION',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The codes a mutation reports as typed `userErrors` (design §2); UNAUTHENTICATED only ever refuses a request. */
export const USER_ERROR_CODES = ERROR_CODES.filter((code): code is Exclude<ErrorCode, 'UNAUTHENTICATED'> => code !== 'UNAUTHENTICATED');
export type UserErrorCode = (typeof USER_ERROR_CODES)[number];

export abstract class GatewayError extends Error {
  abstract readonly code: ErrorCode;
  /** Steps of a composite that ran before this error stopped it (set by the saga runner), for the payload. */
  partialSteps?: readonly SagaStepReport[];
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

/** What an ERP said when it refused: its own message id (none for a T100 per-key refusal) and text, passed on untouched. */
export interface ErpMessage {
  readonly code: string | null;
  readonly message: string;
  readonly sqlCode?: string;
  /** The field the ERP names as the one at fault (Kingdee `FieldName`), where it names one. */
  readonly fieldName?: string;
}

export class ErpRejectedError extends GatewayError {
  readonly code = 'ERP_REJECTED';
  constructor(
    readonly erp: ErpMessage,
    readonly api: string,
    readonly connection: string,
  ) {
    super(`${connection} refused ${api}: ${erp.code ? `[${erp.code}] ` : ''}${erp.message}`);
  }
  override extensions(): Record<string, unknown> {
    return { erp: this.erp, api: this.api, connection: this.connection };
  }
}

export type UpstreamFailure = 'timeout' | 'network' | 'http_status' | 'unreadable' | 'platform' | 'circuit_open' | 'overloaded';

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

export const STEP_OUTCOMES = ['DONE', 'FAILED', 'COMPENSATED', 'COMPENSATION_FAILED', 'SKIPPED', 'PENDING'] as const;
export type StepOutcome = (typeof STEP_OUTCOMES)[number];

/** One step of a composite, as the payload's `steps` report it: which action, through which ERP API, on which document. */
export interface SagaStepReport {
  readonly action: string;
  readonly api: string;
  readonly docNo?: string | null;
  readonly outcome: StepOutcome;
  readonly message?: string | null;
  readonly erp?: ErpMessage | null;
}

export class CompensatedError extends GatewayError {
  readonly code = 'COMPENSATED';
  constructor(
    message: string,
    readonly steps: readonly SagaStepReport[],
    readonly erp?: ErpMessage,
    readonly docNo?: string,
  ) {
    super(message);
  }
  override extensions(): Record<string, unknown> {
    return { steps: this.steps, ...(this.erp ? { erp: this.erp } : {}), ...(this.docNo ? { docNo: this.docNo } : {}) };
  }
}

export class CompensationFailedError extends GatewayError {
  readonly code = 'COMPENSATION_FAILED';
  constructor(
    message: string,
    readonly steps: readonly SagaStepReport[],
    readonly docNo?: string,
  ) {
    super(message);
  }
  override extensions(): Record<string, unknown> {
    return { steps: this.steps, ...(this.docNo ? { docNo: this.docNo } : {}) };
  }
}

/**
 * The ERP may hold the document and the gateway could not settle which (several matches for one reference, or
 * no way to look): an operator decides (design §2, NEEDS_ATTENTION).
 */
export class OutcomeUnknownError extends GatewayError {
  readonly code = 'OUTCOME_UNKNOWN';
  constructor(
    message: string,
    readonly steps: readonly SagaStepReport[] = [],
    readonly docNo?: string,
  ) {
    super(message);
  }
  override extensions(): Record<string, unknown> {
    return { steps: this.steps, ...(this.docNo ? { docNo: this.docNo } : {}) };
  }
}

/** A typed `UserError` as a mutation payload carries it (design §2). */
export interface UserErrorShape {
  readonly code: UserErrorCode;
  readonly message: string;
  readonly field: string[] | null;
  readonly docNo: string | null;
  readonly erp: ErpMessage | null;
}

function fieldPath(field: unknown): string[] | null {
  if (typeof field !== 'string' || field === '') return null;
  // `input.lines[0].quantity` → ["input", "lines", "0", "quantity"] (the shape GitHub and Shopify use).
  return field.split(/[.[\]]+/).filter((part) => part !== '');
}

function erpOf(value: unknown): ErpMessage | null {
  if (!value || typeof value !== 'object') return null;
  const record = value as Record<string, unknown>;
  const message = typeof record.message === 'string' ? record.message : '';
  const code = typeof record.code === 'string' && record.code !== '' ? record.code : null;
  const fieldName = typeof record.fieldName === 'string' && record.fieldName !== '' ? record.fieldName : undefined;
  return { code, message, ...(fieldName ? { fieldName } : {}) };
}

/**
 * The one place a GatewayError becomes a payload's typed error and steps. It reads the error's own
 * `extensions()`, so an answer replayed from the idempotency store (only its JSON is kept) maps the same way.
 */
export function toUserError(error: GatewayError): { userError: UserErrorShape; steps: SagaStepReport[] } {
  const detail = error.extensions();
  const code: UserErrorCode = error.code === 'UNAUTHENTICATED' ? 'FORBIDDEN' : error.code;
  const steps = Array.isArray(detail.steps) ? (detail.steps as SagaStepReport[]) : [...(error.partialSteps ?? [])];
  const docNo = typeof detail.docNo === 'string' && detail.docNo !== '' ? detail.docNo : (steps.find((step) => step.docNo)?.docNo ?? null);
  return {
    userError: { code, message: error.message, field: fieldPath(detail.field), docNo, erp: erpOf(detail.erp) },
    steps,
  };
}

const REQUEST_LIMITS: readonly [RegExp, string][] = [
  [/Query depth limit of (\d+) exceeded, found (\d+)/, 'QUERY_TOO_DEEP'],
  [/Aliases limit of (\d+) exceeded, found (\d+)/, 'TOO_MANY_ALIASES'],
  [/Document contains more that (\d+) tokens/, 'TOO_MANY_TOKENS'],
  [/Directives limit of (\d+) exceeded, found (\d+)/, 'TOO_MANY_DIRECTIVES'],
  [/Query Cost limit of (\d+) exceeded, found (\d+)/, 'QUERY_TOO_COSTLY'],
];

/**
 * A request refused by a request limit (depth, aliases, tokens, directives, cost): its own code and the limit hit,
 * read off the refusal the limit rules report; undefined for anything else.
 */
export function requestLimitExtensions(message: string): { code: string; limit: number; found?: number } | undefined {
  for (const [pattern, code] of REQUEST_LIMITS) {
    const match = pattern.exec(message);
    // The parser stops counting tokens at the limit, so TOO_MANY_TOKENS knows no `found`.
    if (match) return match[2] === undefined ? { code, limit: Number(match[1]) } : { code, limit: Number(match[1]), found: Number(match[2]) };
  }
  return undefined;
}

/** What leaves for a failure nobody foresaw: no internals, a stable code; the cause goes to the log only. */
export function internalErrorExtensions(): { code: 'INTERNAL_SERVER_ERROR' } {
  return { code: 'INTERNAL_SERVER_ERROR' };
}

/** A request the HTTP layer refuses before GraphQL (malformed JSON, too large): a JSON error body with a code. */
export function httpRefusal(status: number, message: string): { errors: { message: string; extensions: { code: string } }[] } {
  const code = status >= 500 ? 'INTERNAL_SERVER_ERROR' : status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST';
  return { errors: [{ message, extensions: { code } }] };
}

/** The one place a GatewayError becomes a GraphQL error (request-level refusals and query fields). */
export function toGraphQLError(error: GatewayError, options: { path?: readonly (string | number)[]; httpStatus?: number } = {}): GraphQLError {
  return new GraphQLError(error.message, {
    path: options.path,
    extensions: { code: error.code, ...error.extensions(), ...(options.httpStatus ? { http: { status: options.httpStatus } } : {}) },
  });
}
