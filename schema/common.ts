/**
 * Types shared by every document kind: `Node`, the `Document` interface, lines, paging, ordering, and the parts of
 * every mutation payload (typed errors, saga steps, idempotency). Per-kind classes (schema/documents.ts) extend
 * these, so a kind only adds its own fields. Every field carries a description: GraphiQL's docs pane is the manual.
 */
import { Field, ID, InputType, Int, InterfaceType, ObjectType } from 'type-graphql';
import type { DocumentStatus, Erp } from '../src/catalog/types';
import type { ErrorCode, StepOutcome } from '../src/errors';
import {
  DocumentOrderFieldEnum,
  DocumentStatusEnum,
  ErpEnum,
  ErrorCodeEnum,
  OrderDirectionEnum,
  StepOutcomeEnum,
  type OrderDirection,
  type OrderField,
} from './enums';
import { DateScalar, DateTimeScalar, DecimalScalar, JSONScalar } from './scalars';

@InterfaceType('Node', {
  description: 'An object with a global id: `node(id:)` fetches it again, and client caches key on it.',
  resolveType: (value: { typeName?: string }) => value.typeName,
})
export abstract class NodeInterface {
  @Field(() => ID, { description: 'Global, opaque id (connection + type + number); stable for the life of the document.' })
  id!: string;
}

@ObjectType('DocumentLine', { implements: NodeInterface, description: 'One line of a document: an item, a quantity and where it goes.' })
export class DocumentLine extends NodeInterface {
  @Field(() => Int, { nullable: true, description: 'Line number within the document (項次).' }) seq?: number;
  @Field(() => String, { description: 'Item (料號).' }) itemNo!: string;
  @Field(() => DecimalScalar, { description: "Quantity, exact, at the ERP's precision." }) quantity!: string;
  @Field(() => String, { nullable: true, description: 'Unit (單位); the ERP fills the item unit when none is given.' }) unit?: string | null;
  @Field(() => String, { nullable: true, description: 'Warehouse (庫位).' }) warehouse?: string | null;
  @Field(() => String, { nullable: true, description: 'Location within the warehouse (儲位).' }) location?: string | null;
  @Field(() => String, { nullable: true, description: 'Lot (批號).' }) lot?: string | null;
  @Field(() => String, { nullable: true, description: 'Work order the line belongs to (工單單號).' }) workOrderNo?: string | null;
  @Field(() => String, { nullable: true, description: 'Line remark.' }) remark?: string | null;
  @Field(() => String, { nullable: true, description: 'Destination warehouse of a transfer line (撥入倉庫); null on other documents.' }) toWarehouse?: string | null;
  @Field(() => String, { nullable: true, description: 'Destination location of a transfer line (撥入儲位).' }) toLocation?: string | null;
  @Field(() => String, { nullable: true, description: 'Destination lot of a transfer line (撥入批號).' }) toLot?: string | null;
  @Field(() => JSONScalar, { nullable: true, description: 'ERP-specific line fields the canonical model has no name for, as the ERP names them.' })
  erpFields?: Record<string, unknown> | null;
}

@InterfaceType('Document', {
  implements: NodeInterface,
  description: 'Every ERP document: where it lives, its number, status and lines.',
  resolveType: (value: { typeName?: string }) => value.typeName,
})
export abstract class DocumentInterface extends NodeInterface {
  @Field(() => ID, { description: 'The gateway connection (ERP instance) the document lives in.' }) connection!: string;
  @Field(() => ErpEnum, { description: 'The ERP family of that connection.' }) erp!: Erp;
  @Field(() => String, { description: 'Document number, as the ERP assigned it.' }) docNo!: string;
  @Field(() => String, { nullable: true, description: 'Document type / slip (單別).' }) docType?: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Document date (單據日期).' }) docDate?: string | null;
  @Field(() => DocumentStatusEnum, { description: 'Canonical status, the same across ERPs.' }) status!: DocumentStatus;
  @Field(() => String, { description: "The ERP's own status code (T100 stus: N, Y, F, S, X …)." }) erpStatus!: string;
  @Field(() => String, { nullable: true, description: 'Department (部門).' }) department?: string | null;
  @Field(() => String, { nullable: true, description: 'Supplier (供應商), where the document has one.' }) supplier?: string | null;
  @Field(() => String, { nullable: true, description: 'Remark, as the client wrote it.' }) remark?: string | null;
  @Field(() => String, { nullable: true, description: 'Work order the document belongs to (工單單號).' }) workOrderNo?: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the ERP last changed the document, where it says.' })
  modifiedAt?: Date | null;
  @Field(() => [DocumentLine], { description: 'Lines, loaded on demand (batched per request).' }) lines!: DocumentLine[];
  @Field(() => JSONScalar, { nullable: true, description: 'ERP-specific fields the canonical model has no name for, as the ERP names them.' })
  erpFields?: Record<string, unknown> | null;
}

@ObjectType('PageInfo', { description: 'Where a page sits in the whole list (Relay cursor connections).' })
export class PageInfo {
  @Field(() => Boolean, { description: 'More rows follow the last edge.' }) hasNextPage!: boolean;
  @Field(() => Boolean, { description: 'Rows come before the first edge.' }) hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true, description: 'Cursor of the first edge; `before` it pages backwards.' }) startCursor?: string | null;
  @Field(() => String, { nullable: true, description: 'Cursor of the last edge; `after` it pages forwards.' }) endCursor?: string | null;
}

@InputType('DocumentOrder', { description: 'Sort order of a document list. Cursors are keyset positions in this order, stable under inserts.' })
export class DocumentOrder {
  @Field(() => DocumentOrderFieldEnum, { defaultValue: 'DOC_NO', description: 'What to sort by.' }) field!: OrderField;
  @Field(() => OrderDirectionEnum, { defaultValue: 'ASC', description: 'Direction.' }) direction!: OrderDirection;
}

@InputType('DocumentLineInput', { description: 'One line to write.' })
export class DocumentLineInput {
  @Field(() => String, { description: 'Item (料號); must exist in the ERP.' }) itemNo!: string;
  @Field(() => DecimalScalar, { description: 'Quantity above 0: a string ("12.5") or a number.' }) quantity!: string;
  @Field(() => String, { nullable: true, description: 'Unit; defaults to the item unit.' }) unit?: string;
  @Field(() => String, { nullable: true, description: 'Warehouse; must exist in the ERP.' }) warehouse?: string;
  @Field(() => String, { nullable: true, description: 'Location within the warehouse.' }) location?: string;
  @Field(() => String, { nullable: true, description: 'Lot.' }) lot?: string;
  @Field(() => String, { nullable: true, description: 'Work order the line belongs to.' }) workOrderNo?: string;
  @Field(() => String, { nullable: true, description: 'Line remark.' }) remark?: string;
  @Field(() => String, { nullable: true, description: 'Transfers only: destination warehouse; must exist in the ERP and differ from the source place.' }) toWarehouse?: string;
  @Field(() => String, { nullable: true, description: 'Transfers only: destination location.' }) toLocation?: string;
  @Field(() => String, { nullable: true, description: 'Transfers only: destination lot.' }) toLot?: string;
  @Field(() => JSONScalar, { nullable: true, description: 'ERP-specific line fields, passed through as named.' }) erpFields?: Record<string, unknown>;
}

/**
 * The canonical input shape of design §2 and the list filter, as data: every `<Type>Input` and `<Type>Filter`
 * gets these fields (type-graphql input types only inherit from decorated input types, which would show up in
 * the schema as stray types).
 */
export interface SharedFieldSpec {
  readonly name: string;
  readonly type: () => unknown;
  readonly description: string;
}

export const DOCUMENT_INPUT_FIELDS: readonly SharedFieldSpec[] = [
  { name: 'docType', type: () => String, description: 'Slip / document type (單別); the ERP numbers the document from it.' },
  { name: 'docDate', type: () => DateScalar, description: 'Document date; the ERP uses today when omitted.' },
  { name: 'department', type: () => String, description: 'Department (部門).' },
  { name: 'remark', type: () => String, description: 'Remark.' },
  { name: 'workOrderNo', type: () => String, description: 'Work order the document belongs to.' },
  { name: 'supplier', type: () => String, description: 'Supplier, where the document has one.' },
  { name: 'lines', type: () => [DocumentLineInput], description: 'Lines; on update, given lines replace all lines.' },
  { name: 'erpFields', type: () => JSONScalar, description: 'ERP-specific fields, passed through as named.' },
];

/** Every filter field becomes a condition the ERP evaluates (never a filter applied after fetching). */
export const DOCUMENT_FILTER_FIELDS: readonly SharedFieldSpec[] = [
  { name: 'status', type: () => [DocumentStatusEnum], description: 'Any of these statuses.' },
  { name: 'docNoPrefix', type: () => String, description: 'Document numbers starting with this (e.g. a slip, `SI01-2611`).' },
  { name: 'docDateFrom', type: () => DateScalar, description: 'Document date from (inclusive).' },
  { name: 'docDateTo', type: () => DateScalar, description: 'Document date to (inclusive).' },
  { name: 'workOrderNo', type: () => String, description: 'Belonging to this work order (on the head or on any line).' },
  { name: 'itemNo', type: () => String, description: 'For this item (on the head or on any line).' },
  { name: 'warehouse', type: () => String, description: 'Touching this warehouse (on the head or on any line).' },
  { name: 'modifiedSince', type: () => DateTimeScalar, description: 'Changed in the ERP at or after this instant (incremental sync).' },
];

@ObjectType('ErpMessage', { description: 'What the ERP itself said, passed on untouched.' })
export class ErpMessage {
  @Field(() => String, { nullable: true, description: "The ERP's message id (e.g. T100 `aim-00123`); null where the ERP gives none." })
  code?: string | null;
  @Field(() => String, { description: "The ERP's message text." }) message!: string;
  @Field(() => String, { nullable: true, description: 'The field the ERP names as the one at fault (Kingdee FieldName), where it names one.' })
  fieldName?: string | null;
}

@ObjectType('UserError', { description: 'Why a mutation (or one batch item) did not do what was asked. Programs branch on `code`.' })
export class UserError {
  @Field(() => ErrorCodeEnum, { description: 'Stable code.' }) code!: ErrorCode;
  @Field(() => String, { description: 'For people: what happened, with the document number and the ERP text where known.' }) message!: string;
  @Field(() => [String], { nullable: true, description: 'Path of the input field at fault, e.g. ["input", "lines", "0", "quantity"].' })
  field?: string[] | null;
  @Field(() => String, { nullable: true, description: 'The document affected, where there is one (also when a composite was rolled back).' })
  docNo?: string | null;
  @Field(() => ErpMessage, { nullable: true, description: "The ERP's own message, when the ERP refused." }) erp?: ErpMessage | null;
}

@ObjectType('SagaStep', { description: 'One step of a composite mutation: the action, the ERP API it called, and what happened.' })
export class SagaStep {
  @Field(() => String, { description: 'Lifecycle action (create, approve, post, unpost, disapprove, void …) or the composite itself for a one-call customized API.' })
  action!: string;
  @Field(() => String, { description: 'The ERP API called, exactly as registered.' }) api!: string;
  @Field(() => String, { nullable: true, description: 'Document the step acted on.' }) docNo?: string | null;
  @Field(() => StepOutcomeEnum, { description: 'What happened.' }) outcome!: StepOutcome;
  @Field(() => String, { nullable: true, description: 'Why a step failed, for people.' }) message?: string | null;
  @Field(() => ErpMessage, { nullable: true, description: "The ERP's message for a failed step." }) erp?: ErpMessage | null;
}

@ObjectType('IdempotencyResult', { description: 'How the idempotency key of a mutation was used.' })
export class IdempotencyResult {
  @Field(() => String, { description: 'The key.' }) key!: string;
  @Field(() => Boolean, { description: 'true: this answer is the recorded one from an earlier request with the same key; nothing ran again.' })
  replayed!: boolean;
}
