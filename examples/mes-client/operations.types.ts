/**
 * Types of ./operations.graphql, declaration for declaration what `@graphql-codegen/typescript-operations` emits for
 * it with codegen.yml's config (enumsAsTypes, Date → string, JSON → Record<string, unknown>); the types it shares
 * with test/operations are re-exported from test/generated/operations.ts. test/examples/mes-client.test.ts runs the
 * plugin over operations.graphql and fails if any declaration here differs from its output.
 *
 * Once codegen.yml's `documents` include examples/mes-client/*.graphql, `npm run codegen` writes these same types
 * into test/generated/operations.ts: then delete this file and import them from there.
 */
import type { DocumentLineInput, DocumentStatus, ErrorCode, StepOutcome } from '../../test/generated/operations';

export type { DocumentLineInput, DocumentStatus, ErrorCode, StepOutcome };

/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };

export type IssuingKind =
  /** Issue material to the work order (發料 / 領料). */
  | 'ISSUE'
  /** Return material from the work order (退料). */
  | 'RETURN'
  /** Issue more than planned, e.g. after scrap (補料). */
  | 'SUPPLEMENT';

/** Fields to create or update an IssuingNote; on update, omitted fields keep their value. */
export type IssuingNoteInput = {
  applicant?: string | null | undefined;
  department?: string | null | undefined;
  docDate?: string | null | undefined;
  docType?: string | null | undefined;
  erpFields?: Record<string, unknown> | null | undefined;
  kind?: IssuingKind | null | undefined;
  lines?: Array<DocumentLineInput> | null | undefined;
  program?: string | null | undefined;
  remark?: string | null | undefined;
  subcontract?: boolean | null | undefined;
  supplier?: string | null | undefined;
  workOrderNo?: string | null | undefined;
};

/** Fields to create or update a WorkReport; on update, omitted fields keep their value. */
export type WorkReportInput = {
  department?: string | null | undefined;
  docDate?: string | null | undefined;
  docType?: string | null | undefined;
  erpFields?: Record<string, unknown> | null | undefined;
  goodQuantity?: unknown;
  lines?: Array<DocumentLineInput> | null | undefined;
  offlineQuantity?: unknown;
  operation?: string | null | undefined;
  operationSeq?: string | null | undefined;
  program?: string | null | undefined;
  remark?: string | null | undefined;
  reporter?: string | null | undefined;
  scrapQuantity?: unknown;
  supplier?: string | null | undefined;
  unit?: string | null | undefined;
  workOrderNo?: string | null | undefined;
  workstation?: string | null | undefined;
};

export type CreateAndPostIssuingNoteMutationVariables = Exact<{
  connection?: string | number | null | undefined;
  input: IssuingNoteInput;
  idempotencyKey?: string | null | undefined;
}>;


export type CreateAndPostIssuingNoteMutation = { createAndPostIssuingNote: { issuingNote: { docNo: string, status: DocumentStatus, erpStatus: string, kind: IssuingKind | null, workOrderNo: string | null, lines: Array<{ itemNo: string, quantity: unknown, unit: string | null, warehouse: string | null, workOrderNo: string | null }> } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null, docNo: string | null, erp: { code: string | null, message: string } | null }>, steps: Array<{ action: string, api: string, docNo: string | null, outcome: StepOutcome, message: string | null }>, idempotency: { key: string, replayed: boolean } | null } | null };

export type CreateAndApproveWorkReportMutationVariables = Exact<{
  connection?: string | number | null | undefined;
  input: WorkReportInput;
  idempotencyKey?: string | null | undefined;
}>;


export type CreateAndApproveWorkReportMutation = { createAndApproveWorkReport: { workReport: { docNo: string, status: DocumentStatus, erpStatus: string, workOrderNo: string | null, operation: string | null, goodQuantity: unknown, scrapQuantity: unknown } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null, docNo: string | null, erp: { code: string | null, message: string } | null }>, steps: Array<{ action: string, api: string, docNo: string | null, outcome: StepOutcome, message: string | null }>, idempotency: { key: string, replayed: boolean } | null } | null };
