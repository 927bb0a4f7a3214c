/**
 * GraphQL enums, each value described: closed sets from the catalog and from design §2. Internal values stay the
 * catalog's (`t100`, `createAndPost`); GraphQL names are upper-case.
 */
import { registerEnumType } from 'type-graphql';
import { DOCUMENT_KINDS } from '../src/catalog';
import { API_KINDS, DOCUMENT_STATUSES, ERPS, OPERATIONS, WIRE_FORMATS, type Operation } from '../src/catalog/types';
import { STEP_OUTCOMES, USER_ERROR_CODES, type StepOutcome, type UserErrorCode } from '../src/errors';

type ValuesConfig = Record<string, { description: string }>;

function enumOf<T extends string>(values: readonly T[], name: (value: T) => string = (value) => value): Record<string, T> {
  return Object.fromEntries(values.map((value) => [name(value), value]));
}

function describedBy<T extends string>(values: readonly T[], describe: (value: T) => string, name: (value: T) => string = (value) => value): ValuesConfig {
  return Object.fromEntries(values.map((value) => [name(value), { description: describe(value) }]));
}

const ERP_NAMES: Record<(typeof ERPS)[number], string> = {
  t100: 'Digiwin T100 (OpenAPI over the integration-platform envelope; customized XML APIs).',
  tiptop: 'Digiwin TIPTOP GP (aws_ttsrv2 services and customized XML APIs).',
  sunlike: 'Sunlike / Online ERP (REST with a token).',
  kingdee: 'Kingdee Cloud Galaxy (K3Cloud WebAPI).',
  jushuitan: 'Jushuitan (signed open API).',
  aiwms: 'AI-WMS PLUS warehouse system (pushes stock-in and delivery confirmations).',
};

const upper = (erp: string): string => erp.toUpperCase();

/** GraphQL `Erp { T100 TIPTOP … }`; internal values are the catalog's lower-case ids. */
export const ErpEnum = enumOf(ERPS, upper);
registerEnumType(ErpEnum, { name: 'Erp', description: 'ERP families behind the gateway.', valuesConfig: describedBy(ERPS, (erp) => ERP_NAMES[erp], upper) });

const STATUS_TEXT: Record<(typeof DOCUMENT_STATUSES)[number], string> = {
  UNAPPROVED: 'Entered, not yet approved (T100 N): the only status in which a document can be edited or deleted.',
  APPROVED: 'Approved (審核, T100 Y).',
  ISSUED: 'Issued to the shop floor (發出, T100 F): a work order that material and stock-ins can move against.',
  POSTED: 'Posted (過帳, T100 S): stock has moved.',
  CLOSED: 'Closed (結案, T100 C): finished, no further actions.',
  VOID: 'Voided (作廢, T100 X): terminal; the number stays used.',
};
export const DocumentStatusEnum = enumOf(DOCUMENT_STATUSES);
registerEnumType(DocumentStatusEnum, {
  name: 'DocumentStatus',
  description: "Canonical document status, the same for every ERP; the ERP's own code is `erpStatus`.",
  valuesConfig: describedBy(DOCUMENT_STATUSES, (status) => STATUS_TEXT[status]),
});

export const ApiKindEnum = enumOf([...API_KINDS, 'SAGA'] as const);
registerEnumType(ApiKindEnum, {
  name: 'ApiKind',
  description: 'How the gateway runs a catalog operation.',
  valuesConfig: {
    OPEN_API: { description: 'One standard OpenAPI call.' },
    CUSTOMIZED: { description: 'One call to a customized (定製型) API that does several steps inside the ERP.' },
    SAGA: { description: 'No single API: the gateway runs the listed steps in order and compensates backwards if one fails.' },
  },
});

export const WireFormatEnum = enumOf(WIRE_FORMATS);
registerEnumType(WireFormatEnum, {
  name: 'WireFormat',
  description: 'Envelope encodings an ERP API accepts.',
  valuesConfig: { JSON: { description: 'JSON envelope.' }, XML: { description: 'XML envelope (T100: SOAP invokeSrv).' } },
});

const graphqlName = (operation: string): string => operation.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase();

const OPERATION_TEXT: Record<Operation, string> = {
  create: 'Create a document (the ERP numbers it).',
  update: 'Change an unapproved document.',
  delete: 'Delete an unapproved document.',
  approve: 'Approve (審核).',
  disapprove: 'Withdraw the approval (撤銷審核).',
  issue: 'Issue to the floor (發出).',
  unissue: 'Withdraw the issue (發出還原).',
  post: 'Post (過帳): stock moves.',
  unpost: 'Reverse the posting (過帳還原).',
  void: 'Void (作廢).',
  read: 'Read documents by number (batched).',
  list: 'List documents by conditions, paged.',
  createAndApprove: 'Create and approve in one mutation.',
  createAndPost: 'Create, approve and post in one mutation.',
  reverse: 'Back a document out to VOID from wherever it is, with no counter-document.',
};

/** Catalog operations in their GraphQL spelling: CREATE, READ, CREATE_AND_POST … */
export const OperationEnum = enumOf(OPERATIONS, graphqlName);
registerEnumType(OperationEnum, {
  name: 'Operation',
  description: 'A catalog operation: a lifecycle action, a read, or a composite.',
  valuesConfig: describedBy(OPERATIONS, (operation) => OPERATION_TEXT[operation], graphqlName),
});

/** Document kinds of the catalog: `apiCatalog(document:)` and friends take these, not free strings. */
export const DocumentTypeEnum = enumOf(DOCUMENT_KINDS.map((kind) => kind.type));
registerEnumType(DocumentTypeEnum, {
  name: 'DocumentType',
  description: 'The document kinds of the operation catalog.',
  valuesConfig: Object.fromEntries(DOCUMENT_KINDS.map((kind) => [kind.type, { description: `${kind.description} (${kind.programs.join(', ')})` }])),
});

const ERROR_TEXT: Record<UserErrorCode, string> = {
  BAD_USER_INPUT: 'The input is not acceptable; `field` names where. Nothing was sent to the ERP.',
  FORBIDDEN: "The API key's scopes do not allow this.",
  NOT_FOUND: 'No such document on that connection.',
  INVALID_TRANSITION: "The document's status does not allow the action (checked before any ERP call, or refused by the ERP).",
  OUTCOME_UNKNOWN: 'The ERP may hold the document and the gateway could not settle it; an operator must look (saga NEEDS_ATTENTION).',
  ERP_REJECTED: "The ERP refused; `erp` carries its own code and message.",
  UPSTREAM_UNAVAILABLE: 'The ERP did not answer usably (timeout, HTTP error, unreadable body, open circuit). Safe to retry with the same idempotency key.',
  IDEMPOTENCY_CONFLICT: 'The idempotency key was already used with a different request.',
  COMPENSATED: 'A composite failed part-way and was rolled back; `steps` says what ran and what undid it.',
  COMPENSATION_FAILED: 'A composite failed and its rollback did not finish; `steps` says what is left.',
  UNSUPPORTED_ACTION: "The connection's ERP offers no API for this action on this document type.",
};
export const ErrorCodeEnum = enumOf(USER_ERROR_CODES);
registerEnumType(ErrorCodeEnum, {
  name: 'ErrorCode',
  description: 'Stable error codes: programs branch on these, people read the message.',
  valuesConfig: describedBy(USER_ERROR_CODES, (code) => ERROR_TEXT[code]),
});

const STEP_TEXT: Record<StepOutcome, string> = {
  DONE: 'The step ran.',
  FAILED: 'The step was refused or failed; the composite stopped here.',
  COMPENSATED: 'A compensating step ran, undoing earlier work.',
  COMPENSATION_FAILED: 'A compensating step failed; what follows was not done.',
  SKIPPED: 'Not run, because an earlier step failed.',
  PENDING: 'Journaled, not yet answered by the ERP.',
};
export const StepOutcomeEnum = enumOf(STEP_OUTCOMES);
registerEnumType(StepOutcomeEnum, {
  name: 'StepOutcome',
  description: 'What happened to one step of a composite mutation.',
  valuesConfig: describedBy(STEP_OUTCOMES, (outcome) => STEP_TEXT[outcome]),
});

const ORDER_FIELDS = ['DOC_NO', 'DOC_DATE'] as const;
export type OrderField = (typeof ORDER_FIELDS)[number];
export const DocumentOrderFieldEnum = enumOf(ORDER_FIELDS);
registerEnumType(DocumentOrderFieldEnum, {
  name: 'DocumentOrderField',
  description: 'What a document list is sorted by; ties always break on the document number, so the order is total.',
  valuesConfig: { DOC_NO: { description: 'Document number.' }, DOC_DATE: { description: 'Document date, then number.' } },
});

const ORDER_DIRECTIONS = ['ASC', 'DESC'] as const;
export type OrderDirection = (typeof ORDER_DIRECTIONS)[number];
export const OrderDirectionEnum = enumOf(ORDER_DIRECTIONS);
registerEnumType(OrderDirectionEnum, {
  name: 'OrderDirection',
  description: 'Sort direction.',
  valuesConfig: { ASC: { description: 'Ascending.' }, DESC: { description: 'Descending.' } },
});
