/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** How the gateway runs a catalog operation. */
export type ApiKind =
  /** One call to a customized (定製型) API that does several steps inside the ERP. */
  | 'CUSTOMIZED'
  /** One standard OpenAPI call. */
  | 'OPEN_API'
  /** No single API: the gateway runs the listed steps in order and compensates backwards if one fails. */
  | 'SAGA';

/** One line to write. */
export type DocumentLineInput = {
  /** ERP-specific line fields, passed through as named. */
  erpFields?: Record<string, unknown> | null | undefined;
  /** Item (料號); must exist in the ERP. */
  itemNo: string;
  /** Location within the warehouse. */
  location?: string | null | undefined;
  /** Lot. */
  lot?: string | null | undefined;
  /** Quantity above 0: a string ("12.5") or a number. */
  quantity: unknown;
  /** Line remark. */
  remark?: string | null | undefined;
  /** Transfers only: destination location. */
  toLocation?: string | null | undefined;
  /** Transfers only: destination lot. */
  toLot?: string | null | undefined;
  /** Transfers only: destination warehouse; must exist in the ERP and differ from the source place. */
  toWarehouse?: string | null | undefined;
  /** Unit; defaults to the item unit. */
  unit?: string | null | undefined;
  /** Warehouse; must exist in the ERP. */
  warehouse?: string | null | undefined;
  /** Work order the line belongs to. */
  workOrderNo?: string | null | undefined;
};

/** Sort order of a document list. Cursors are keyset positions in this order, stable under inserts. */
export type DocumentOrder = {
  /** Direction. */
  direction?: OrderDirection;
  /** What to sort by. */
  field?: DocumentOrderField;
};

/** What a document list is sorted by; ties always break on the document number, so the order is total. */
export type DocumentOrderField =
  /** Document date, then number. */
  | 'DOC_DATE'
  /** Document number. */
  | 'DOC_NO';

/** Canonical document status, the same for every ERP; the ERP's own code is `erpStatus`. */
export type DocumentStatus =
  /** Approved (審核, T100 Y). */
  | 'APPROVED'
  /** Closed (結案, T100 C): finished, no further actions. */
  | 'CLOSED'
  /** Issued to the shop floor (發出, T100 F): a work order that material and stock-ins can move against. */
  | 'ISSUED'
  /** Posted (過帳, T100 S): stock has moved. */
  | 'POSTED'
  /** Entered, not yet approved (T100 N): the only status in which a document can be edited or deleted. */
  | 'UNAPPROVED'
  /** Voided (作廢, T100 X): terminal; the number stays used. */
  | 'VOID';

/** The document kinds of the operation catalog. */
export type DocumentType =
  /** Inspection return (採購驗退單): goods rejected at incoming inspection, returned against a receipt. (apmt561) */
  | 'InspectionReturn'
  /** Issuing note (發料單): material issued from a warehouse to work orders. (asft310, asft311, asft312, asft313, asft314, asft315) */
  | 'IssuingNote'
  /** Miscellaneous issue (雜項發料): stock taken out of a warehouse for no production or sales document. (aint301) */
  | 'MiscIssue'
  /** Miscellaneous receipt (雜項收料): stock received into a warehouse for no purchase or production document. (aint302) */
  | 'MiscReceipt'
  /** Picking return (成套退料單): issued material returned from a work order to a warehouse. (asft321, asft323) */
  | 'PickingReturn'
  /** Purchase change (採購變更單): new lines for an approved purchase order, applied when approved. (apmt510) */
  | 'PurchaseChange'
  /** Purchase order (採購單), here the outsourcing (委外) purchase of work done by a supplier. (apmt501) */
  | 'PurchaseOrder'
  /** Purchase receipt (採購收貨單): goods received from an outsourcing supplier against a purchase order. (apmt521) */
  | 'PurchaseReceipt'
  /** Purchase stock-in (採購入庫單): accepted goods of a receipt put into a warehouse. (apmt571) */
  | 'PurchaseStockIn'
  /** Station scrap (當站報廢單): quantity scrapped at an operation of a work order. (asft336) */
  | 'StationScrap'
  /** Station stock-in (當站下線單): output taken off the line at an operation of a work order into a warehouse. (asft337) */
  | 'StationStockIn'
  /** Production stock-in (完工入庫): finished goods of a work order received into a warehouse. (asft340) */
  | 'StockIn'
  /** One-stage transfer (一階段調撥): stock moved from one warehouse, location and lot to another in one document. Each line names where it comes from (warehouse, location, lot) and where it goes (toWarehouse, toLocation, toLot). (aimt324, aimt720) */
  | 'Transfer'
  /** Work order (工單): what to make, how many, when; issued to the floor before material is issued. (asft300) */
  | 'WorkOrder'
  /** Work-order change (工單變更): new quantity, dates or item for a work order, applied when approved. (asft800) */
  | 'WorkOrderChange'
  /** Work report (報工單): good, scrapped and offline quantities reported for an operation of a work order. (asft330, asft335) */
  | 'WorkReport';

/** ERP families behind the gateway. */
export type Erp =
  /** AI-WMS PLUS warehouse system (pushes stock-in and delivery confirmations). */
  | 'AIWMS'
  /** Jushuitan (signed open API). */
  | 'JUSHUITAN'
  /** Kingdee Cloud Galaxy (K3Cloud WebAPI). */
  | 'KINGDEE'
  /** Sunlike / Online ERP (REST with a token). */
  | 'SUNLIKE'
  /** Digiwin T100 (OpenAPI over the integration-platform envelope; customized XML APIs). */
  | 'T100'
  /** Digiwin TIPTOP GP (aws_ttsrv2 services and customized XML APIs). */
  | 'TIPTOP';

/** Stable error codes: programs branch on these, people read the message. */
export type ErrorCode =
  /** The input is not acceptable; `field` names where. Nothing was sent to the ERP. */
  | 'BAD_USER_INPUT'
  /** A composite failed part-way and was rolled back; `steps` says what ran and what undid it. */
  | 'COMPENSATED'
  /** A composite failed and its rollback did not finish; `steps` says what is left. */
  | 'COMPENSATION_FAILED'
  /** The ERP refused; `erp` carries its own code and message. */
  | 'ERP_REJECTED'
  /** The API key's scopes do not allow this. */
  | 'FORBIDDEN'
  /** The idempotency key was already used with a different request. */
  | 'IDEMPOTENCY_CONFLICT'
  /** The document's status does not allow the action (checked before any ERP call, or refused by the ERP). */
  | 'INVALID_TRANSITION'
  /** No such document on that connection. */
  | 'NOT_FOUND'
  /** The ERP may hold the document and the gateway could not settle it; an operator must look (saga NEEDS_ATTENTION). */
  | 'OUTCOME_UNKNOWN'
  /** The connection's ERP offers no API for this action on this document type. */
  | 'UNSUPPORTED_ACTION'
  /** The ERP did not answer usably (timeout, HTTP error, unreadable body, open circuit). Safe to retry with the same idempotency key. */
  | 'UPSTREAM_UNAVAILABLE';

/** A catalog operation: a lifecycle action, a read, or a composite. */
export type Operation =
  /** Approve (審核). */
  | 'APPROVE'
  /** Create a document (the ERP numbers it). */
  | 'CREATE'
  /** Create and approve in one mutation. */
  | 'CREATE_AND_APPROVE'
  /** Create, approve and post in one mutation. */
  | 'CREATE_AND_POST'
  /** Delete an unapproved document. */
  | 'DELETE'
  /** Withdraw the approval (撤銷審核). */
  | 'DISAPPROVE'
  /** Issue to the floor (發出). */
  | 'ISSUE'
  /** List documents by conditions, paged. */
  | 'LIST'
  /** Post (過帳): stock moves. */
  | 'POST'
  /** Read documents by number (batched). */
  | 'READ'
  /** Back a document out to VOID from wherever it is, with no counter-document. */
  | 'REVERSE'
  /** Withdraw the issue (發出還原). */
  | 'UNISSUE'
  /** Reverse the posting (過帳還原). */
  | 'UNPOST'
  /** Change an unapproved document. */
  | 'UPDATE'
  /** Void (作廢). */
  | 'VOID';

/** Sort direction. */
export type OrderDirection =
  /** Ascending. */
  | 'ASC'
  /** Descending. */
  | 'DESC';

/** What happened to one step of a composite mutation. */
export type StepOutcome =
  /** A compensating step ran, undoing earlier work. */
  | 'COMPENSATED'
  /** A compensating step failed; what follows was not done. */
  | 'COMPENSATION_FAILED'
  /** The step ran. */
  | 'DONE'
  /** The step was refused or failed; the composite stopped here. */
  | 'FAILED'
  /** Journaled, not yet answered by the ERP. */
  | 'PENDING'
  /** Not run, because an earlier step failed. */
  | 'SKIPPED';

/** One StockIn of a batch. */
export type StockInBatchItem = {
  /** Connection for this item; default routing when omitted. */
  connection?: string | number | null | undefined;
  /** Key of this item: a retry of the batch replays items already done and runs only the rest. */
  idempotencyKey: string;
  /** The StockIn to book. */
  input: StockInInput;
};

/** Conditions on stockIns; all given conditions must hold. Each is evaluated by the ERP. */
export type StockInFilter = {
  /** Document date from (inclusive). */
  docDateFrom?: string | null | undefined;
  /** Document date to (inclusive). */
  docDateTo?: string | null | undefined;
  /** Document numbers starting with this (e.g. a slip, `SI01-2611`). */
  docNoPrefix?: string | null | undefined;
  /** For this item (on the head or on any line). */
  itemNo?: string | null | undefined;
  /** Changed in the ERP at or after this instant (incremental sync). */
  modifiedSince?: unknown;
  /** Any of these statuses. */
  status?: Array<DocumentStatus> | null | undefined;
  /** Touching this warehouse (on the head or on any line). */
  warehouse?: string | null | undefined;
  /** Belonging to this work order (on the head or on any line). */
  workOrderNo?: string | null | undefined;
};

/** Fields to create or update a StockIn; on update, omitted fields keep their value. */
export type StockInInput = {
  /** Applicant (sfea002). */
  applicant?: string | null | undefined;
  /** Department (部門). */
  department?: string | null | undefined;
  /** Document date; the ERP uses today when omitted. */
  docDate?: string | null | undefined;
  /** Slip / document type (單別); the ERP numbers the document from it. */
  docType?: string | null | undefined;
  /** ERP-specific fields, passed through as named. */
  erpFields?: Record<string, unknown> | null | undefined;
  /** Lines; on update, given lines replace all lines. */
  lines?: Array<DocumentLineInput> | null | undefined;
  /** Reason code (理由碼), a master-data code of the ERP. */
  reason?: string | null | undefined;
  /** Remark. */
  remark?: string | null | undefined;
  /** Supplier, where the document has one. */
  supplier?: string | null | undefined;
  /** Work order the document belongs to. */
  workOrderNo?: string | null | undefined;
};

/** Envelope encodings an ERP API accepts. */
export type WireFormat =
  /** JSON envelope. */
  | 'JSON'
  /** XML envelope (T100: SOAP invokeSrv). */
  | 'XML';

/** Conditions on workOrders; all given conditions must hold. Each is evaluated by the ERP. */
export type WorkOrderFilter = {
  /** Document date from (inclusive). */
  docDateFrom?: string | null | undefined;
  /** Document date to (inclusive). */
  docDateTo?: string | null | undefined;
  /** Document numbers starting with this (e.g. a slip, `SI01-2611`). */
  docNoPrefix?: string | null | undefined;
  /** For this item (on the head or on any line). */
  itemNo?: string | null | undefined;
  /** Changed in the ERP at or after this instant (incremental sync). */
  modifiedSince?: unknown;
  /** Any of these statuses. */
  status?: Array<DocumentStatus> | null | undefined;
  /** Touching this warehouse (on the head or on any line). */
  warehouse?: string | null | undefined;
  /** Belonging to this work order (on the head or on any line). */
  workOrderNo?: string | null | undefined;
};

/** Fields to create or update a WorkOrder; on update, omitted fields keep their value. */
export type WorkOrderInput = {
  /** Department (部門). */
  department?: string | null | undefined;
  /** Document date; the ERP uses today when omitted. */
  docDate?: string | null | undefined;
  /** Slip / document type (單別); the ERP numbers the document from it. */
  docType?: string | null | undefined;
  /** ERP-specific fields, passed through as named. */
  erpFields?: Record<string, unknown> | null | undefined;
  /** Item to produce (sfaa010). Required on create. */
  itemNo?: string | null | undefined;
  /** Lines; on update, given lines replace all lines. */
  lines?: Array<DocumentLineInput> | null | undefined;
  /** Planned completion date (sfaa020). */
  plannedEnd?: string | null | undefined;
  /** Planned start date (sfaa019). */
  plannedStart?: string | null | undefined;
  /** Planned production quantity (sfaa012). Required on create. */
  quantity?: unknown;
  /** Remark. */
  remark?: string | null | undefined;
  /** Outsourced (委外) work order (sfaa057 = 2). */
  subcontract?: boolean | null | undefined;
  /** Supplier, where the document has one. */
  supplier?: string | null | undefined;
  /** Production unit (sfaa013); defaults to the item unit. */
  unit?: string | null | undefined;
  /** Default stock-in warehouse (sfaa034). */
  warehouse?: string | null | undefined;
  /** Work order the document belongs to. */
  workOrderNo?: string | null | undefined;
};

export type StockInFieldsFragment = { id: string, connection: string, erp: Erp, docNo: string, docType: string | null, docDate: string | null, status: DocumentStatus, erpStatus: string, department: string | null, remark: string | null, modifiedAt: unknown, erpFields: Record<string, unknown> | null, lines: Array<{ id: string, seq: number | null, itemNo: string, quantity: unknown, unit: string | null, warehouse: string | null, location: string | null, lot: string | null, workOrderNo: string | null, erpFields: Record<string, unknown> | null }> };

export type WorkOrderFieldsFragment = { id: string, connection: string, docNo: string, docType: string | null, docDate: string | null, status: DocumentStatus, erpStatus: string, itemNo: string | null, quantity: unknown, unit: string | null, plannedStart: string | null, plannedEnd: string | null, department: string | null, stockedInQuantity: unknown, erpFields: Record<string, unknown> | null };

export type ProblemFragment = { code: ErrorCode, message: string, field: Array<string> | null, docNo: string | null, erp: { code: string | null, message: string } | null };

export type StepFragment = { action: string, api: string, docNo: string | null, outcome: StepOutcome, message: string | null, erp: { code: string | null, message: string } | null };

export type StockInQueryVariables = Exact<{
  connection?: string | number | null | undefined;
  docNo: string;
}>;


export type StockInQuery = { stockIn: { id: string, connection: string, erp: Erp, docNo: string, docType: string | null, docDate: string | null, status: DocumentStatus, erpStatus: string, department: string | null, remark: string | null, modifiedAt: unknown, erpFields: Record<string, unknown> | null, workOrder: { docNo: string, status: DocumentStatus } | null, lines: Array<{ id: string, seq: number | null, itemNo: string, quantity: unknown, unit: string | null, warehouse: string | null, location: string | null, lot: string | null, workOrderNo: string | null, erpFields: Record<string, unknown> | null }> } | null };

export type StockInsQueryVariables = Exact<{
  connection?: string | number | null | undefined;
  filter?: StockInFilter | null | undefined;
  orderBy?: DocumentOrder | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type StockInsQuery = { stockIns: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, docNo: string, status: DocumentStatus, docDate: string | null } }> } };

export type StockInsPageQueryVariables = Exact<{
  filter?: StockInFilter | null | undefined;
  orderBy?: DocumentOrder | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type StockInsPageQuery = { stockIns: { pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ cursor: string, node: { docNo: string, docDate: string | null } }> } };

export type StockInsWithLinesQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type StockInsWithLinesQuery = { stockIns: { edges: Array<{ node: { docNo: string, lines: Array<{ itemNo: string, quantity: unknown, workOrder: { docNo: string, status: DocumentStatus, itemNo: string | null } | null }> } }> } };

export type WorkOrderQueryVariables = Exact<{
  connection?: string | number | null | undefined;
  docNo: string;
}>;


export type WorkOrderQuery = { workOrder: { id: string, connection: string, docNo: string, docType: string | null, docDate: string | null, status: DocumentStatus, erpStatus: string, itemNo: string | null, quantity: unknown, unit: string | null, plannedStart: string | null, plannedEnd: string | null, department: string | null, stockedInQuantity: unknown, erpFields: Record<string, unknown> | null } | null };

export type WorkOrdersQueryVariables = Exact<{
  filter?: WorkOrderFilter | null | undefined;
  orderBy?: DocumentOrder | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type WorkOrdersQuery = { workOrders: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { docNo: string, status: DocumentStatus, docDate: string | null, itemNo: string | null } }> } };

export type NodeQueryVariables = Exact<{
  id: string | number;
}>;


export type NodeQuery = { node:
    | { __typename: 'DocumentLine', seq: number | null, itemNo: string, quantity: unknown, id: string }
    | { __typename: 'InspectionReturn', docNo: string, status: DocumentStatus, connection: string, id: string }
    | { __typename: 'InventoryCount', id: string }
    | { __typename: 'IssuingNote', docNo: string, status: DocumentStatus, connection: string, id: string }
    | { __typename: 'MiscIssue', docNo: string, status: DocumentStatus, connection: string, id: string }
    | { __typename: 'MiscReceipt', docNo: string, status: DocumentStatus, connection: string, id: string }
    | { __typename: 'PickingReturn', docNo: string, status: DocumentStatus, connection: string, id: string }
    | { __typename: 'PurchaseChange', docNo: string, status: DocumentStatus, connection: string, id: string }
    | { __typename: 'PurchaseOrder', docNo: string, status: DocumentStatus, connection: string, id: string }
    | { __typename: 'PurchaseReceipt', docNo: string, status: DocumentStatus, connection: string, id: string }
    | { __typename: 'PurchaseStockIn', docNo: string, status: DocumentStatus, connection: string, id: string }
    | { __typename: 'StationScrap', docNo: string, status: DocumentStatus, connection: string, id: string }
    | { __typename: 'StationStockIn', docNo: string, status: DocumentStatus, connection: string, id: string }
    | { __typename: 'StockIn', docNo: string, status: DocumentStatus, connection: string, id: string }
    | { __typename: 'Transfer', docNo: string, status: DocumentStatus, connection: string, id: string }
    | { __typename: 'WorkOrder', docNo: string, status: DocumentStatus, connection: string, id: string }
    | { __typename: 'WorkOrderChange', docNo: string, status: DocumentStatus, connection: string, id: string }
    | { __typename: 'WorkReport', docNo: string, status: DocumentStatus, connection: string, id: string }
   | null };

export type NodesQueryVariables = Exact<{
  ids: Array<string | number> | string | number;
}>;


export type NodesQuery = { nodes: Array<
    | { __typename: 'DocumentLine', id: string }
    | { __typename: 'InspectionReturn', docNo: string, id: string }
    | { __typename: 'InventoryCount', id: string }
    | { __typename: 'IssuingNote', docNo: string, id: string }
    | { __typename: 'MiscIssue', docNo: string, id: string }
    | { __typename: 'MiscReceipt', docNo: string, id: string }
    | { __typename: 'PickingReturn', docNo: string, id: string }
    | { __typename: 'PurchaseChange', docNo: string, id: string }
    | { __typename: 'PurchaseOrder', docNo: string, id: string }
    | { __typename: 'PurchaseReceipt', docNo: string, id: string }
    | { __typename: 'PurchaseStockIn', docNo: string, id: string }
    | { __typename: 'StationScrap', docNo: string, id: string }
    | { __typename: 'StationStockIn', docNo: string, id: string }
    | { __typename: 'StockIn', docNo: string, id: string }
    | { __typename: 'Transfer', docNo: string, id: string }
    | { __typename: 'WorkOrder', docNo: string, id: string }
    | { __typename: 'WorkOrderChange', docNo: string, id: string }
    | { __typename: 'WorkReport', docNo: string, id: string }
   | null> };

export type ApiCatalogQueryVariables = Exact<{
  erp?: Erp | null | undefined;
  document?: DocumentType | null | undefined;
}>;


export type ApiCatalogQuery = { apiCatalog: Array<{ erp: Erp, document: DocumentType, program: string, action: Operation, apiName: string | null, kind: ApiKind, formats: Array<WireFormat>, standard: string, graphqlField: string, description: string, steps: Array<{ action: Operation, apiName: string }> }> };

export type CreateStockInMutationVariables = Exact<{
  connection?: string | number | null | undefined;
  input: StockInInput;
  idempotencyKey?: string | null | undefined;
}>;


export type CreateStockInMutation = { createStockIn: { stockIn: { id: string, connection: string, erp: Erp, docNo: string, docType: string | null, docDate: string | null, status: DocumentStatus, erpStatus: string, department: string | null, remark: string | null, modifiedAt: unknown, erpFields: Record<string, unknown> | null, lines: Array<{ id: string, seq: number | null, itemNo: string, quantity: unknown, unit: string | null, warehouse: string | null, location: string | null, lot: string | null, workOrderNo: string | null, erpFields: Record<string, unknown> | null }> } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null, docNo: string | null, erp: { code: string | null, message: string } | null }>, steps: Array<{ action: string, api: string, docNo: string | null, outcome: StepOutcome, message: string | null, erp: { code: string | null, message: string } | null }>, idempotency: { key: string, replayed: boolean } | null } | null };

export type UpdateStockInMutationVariables = Exact<{
  connection?: string | number | null | undefined;
  docNo: string;
  input: StockInInput;
  idempotencyKey?: string | null | undefined;
}>;


export type UpdateStockInMutation = { updateStockIn: { stockIn: { id: string, connection: string, erp: Erp, docNo: string, docType: string | null, docDate: string | null, status: DocumentStatus, erpStatus: string, department: string | null, remark: string | null, modifiedAt: unknown, erpFields: Record<string, unknown> | null, lines: Array<{ id: string, seq: number | null, itemNo: string, quantity: unknown, unit: string | null, warehouse: string | null, location: string | null, lot: string | null, workOrderNo: string | null, erpFields: Record<string, unknown> | null }> } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null, docNo: string | null, erp: { code: string | null, message: string } | null }>, steps: Array<{ action: string, api: string, docNo: string | null, outcome: StepOutcome, message: string | null, erp: { code: string | null, message: string } | null }>, idempotency: { key: string, replayed: boolean } | null } | null };

export type DeleteStockInMutationVariables = Exact<{
  connection?: string | number | null | undefined;
  docNo: string;
  idempotencyKey?: string | null | undefined;
}>;


export type DeleteStockInMutation = { deleteStockIn: { deletedDocNo: string | null, deletedId: string | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null, docNo: string | null, erp: { code: string | null, message: string } | null }>, steps: Array<{ action: string, api: string, docNo: string | null, outcome: StepOutcome, message: string | null, erp: { code: string | null, message: string } | null }>, idempotency: { key: string, replayed: boolean } | null } | null };

export type ApproveStockInMutationVariables = Exact<{
  connection?: string | number | null | undefined;
  docNo: string;
  idempotencyKey?: string | null | undefined;
}>;


export type ApproveStockInMutation = { approveStockIn: { stockIn: { docNo: string, status: DocumentStatus, erpStatus: string } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null, docNo: string | null, erp: { code: string | null, message: string } | null }>, steps: Array<{ action: string, api: string, docNo: string | null, outcome: StepOutcome, message: string | null, erp: { code: string | null, message: string } | null }>, idempotency: { key: string, replayed: boolean } | null } | null };

export type DisapproveStockInMutationVariables = Exact<{
  connection?: string | number | null | undefined;
  docNo: string;
  idempotencyKey?: string | null | undefined;
}>;


export type DisapproveStockInMutation = { disapproveStockIn: { stockIn: { docNo: string, status: DocumentStatus } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null, docNo: string | null, erp: { code: string | null, message: string } | null }>, steps: Array<{ action: string, api: string, docNo: string | null, outcome: StepOutcome, message: string | null, erp: { code: string | null, message: string } | null }>, idempotency: { key: string, replayed: boolean } | null } | null };

export type PostStockInMutationVariables = Exact<{
  connection?: string | number | null | undefined;
  docNo: string;
  idempotencyKey?: string | null | undefined;
}>;


export type PostStockInMutation = { postStockIn: { stockIn: { docNo: string, status: DocumentStatus, erpStatus: string } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null, docNo: string | null, erp: { code: string | null, message: string } | null }>, steps: Array<{ action: string, api: string, docNo: string | null, outcome: StepOutcome, message: string | null, erp: { code: string | null, message: string } | null }>, idempotency: { key: string, replayed: boolean } | null } | null };

export type UnpostStockInMutationVariables = Exact<{
  connection?: string | number | null | undefined;
  docNo: string;
  idempotencyKey?: string | null | undefined;
}>;


export type UnpostStockInMutation = { unpostStockIn: { stockIn: { docNo: string, status: DocumentStatus } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null, docNo: string | null, erp: { code: string | null, message: string } | null }>, steps: Array<{ action: string, api: string, docNo: string | null, outcome: StepOutcome, message: string | null, erp: { code: string | null, message: string } | null }>, idempotency: { key: string, replayed: boolean } | null } | null };

export type VoidStockInMutationVariables = Exact<{
  connection?: string | number | null | undefined;
  docNo: string;
  idempotencyKey?: string | null | undefined;
}>;


export type VoidStockInMutation = { voidStockIn: { stockIn: { docNo: string, status: DocumentStatus } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null, docNo: string | null, erp: { code: string | null, message: string } | null }>, steps: Array<{ action: string, api: string, docNo: string | null, outcome: StepOutcome, message: string | null, erp: { code: string | null, message: string } | null }>, idempotency: { key: string, replayed: boolean } | null } | null };

export type CreateAndPostStockInMutationVariables = Exact<{
  connection?: string | number | null | undefined;
  input: StockInInput;
  idempotencyKey?: string | null | undefined;
}>;


export type CreateAndPostStockInMutation = { createAndPostStockIn: { stockIn: { id: string, connection: string, erp: Erp, docNo: string, docType: string | null, docDate: string | null, status: DocumentStatus, erpStatus: string, department: string | null, remark: string | null, modifiedAt: unknown, erpFields: Record<string, unknown> | null, lines: Array<{ id: string, seq: number | null, itemNo: string, quantity: unknown, unit: string | null, warehouse: string | null, location: string | null, lot: string | null, workOrderNo: string | null, erpFields: Record<string, unknown> | null }> } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null, docNo: string | null, erp: { code: string | null, message: string } | null }>, steps: Array<{ action: string, api: string, docNo: string | null, outcome: StepOutcome, message: string | null, erp: { code: string | null, message: string } | null }>, idempotency: { key: string, replayed: boolean } | null } | null };

export type CreateAndApproveStockInMutationVariables = Exact<{
  connection?: string | number | null | undefined;
  input: StockInInput;
  idempotencyKey?: string | null | undefined;
}>;


export type CreateAndApproveStockInMutation = { createAndApproveStockIn: { stockIn: { docNo: string, status: DocumentStatus } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null, docNo: string | null, erp: { code: string | null, message: string } | null }>, steps: Array<{ action: string, api: string, docNo: string | null, outcome: StepOutcome, message: string | null, erp: { code: string | null, message: string } | null }>, idempotency: { key: string, replayed: boolean } | null } | null };

export type ReverseStockInMutationVariables = Exact<{
  connection?: string | number | null | undefined;
  docNo: string;
  idempotencyKey?: string | null | undefined;
}>;


export type ReverseStockInMutation = { reverseStockIn: { stockIn: { docNo: string, status: DocumentStatus, erpStatus: string } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null, docNo: string | null, erp: { code: string | null, message: string } | null }>, steps: Array<{ action: string, api: string, docNo: string | null, outcome: StepOutcome, message: string | null, erp: { code: string | null, message: string } | null }>, idempotency: { key: string, replayed: boolean } | null } | null };

export type CreateAndPostStockInBatchMutationVariables = Exact<{
  items: Array<StockInBatchItem> | StockInBatchItem;
}>;


export type CreateAndPostStockInBatchMutation = { createAndPostStockInBatch: { results: Array<{ stockIn: { docNo: string, status: DocumentStatus, lines: Array<{ quantity: unknown }> } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null, docNo: string | null, erp: { code: string | null, message: string } | null }>, steps: Array<{ action: string, api: string, docNo: string | null, outcome: StepOutcome, message: string | null, erp: { code: string | null, message: string } | null }>, idempotency: { key: string, replayed: boolean } | null }> } | null };

export type CreateWorkOrderMutationVariables = Exact<{
  connection?: string | number | null | undefined;
  input: WorkOrderInput;
  idempotencyKey?: string | null | undefined;
}>;


export type CreateWorkOrderMutation = { createWorkOrder: { workOrder: { id: string, connection: string, docNo: string, docType: string | null, docDate: string | null, status: DocumentStatus, erpStatus: string, itemNo: string | null, quantity: unknown, unit: string | null, plannedStart: string | null, plannedEnd: string | null, department: string | null, stockedInQuantity: unknown, erpFields: Record<string, unknown> | null } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null, docNo: string | null, erp: { code: string | null, message: string } | null }>, steps: Array<{ action: string, api: string, docNo: string | null, outcome: StepOutcome, message: string | null, erp: { code: string | null, message: string } | null }>, idempotency: { key: string, replayed: boolean } | null } | null };

export type UpdateWorkOrderMutationVariables = Exact<{
  connection?: string | number | null | undefined;
  docNo: string;
  input: WorkOrderInput;
  idempotencyKey?: string | null | undefined;
}>;


export type UpdateWorkOrderMutation = { updateWorkOrder: { workOrder: { id: string, connection: string, docNo: string, docType: string | null, docDate: string | null, status: DocumentStatus, erpStatus: string, itemNo: string | null, quantity: unknown, unit: string | null, plannedStart: string | null, plannedEnd: string | null, department: string | null, stockedInQuantity: unknown, erpFields: Record<string, unknown> | null } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null, docNo: string | null, erp: { code: string | null, message: string } | null }>, steps: Array<{ action: string, api: string, docNo: string | null, outcome: StepOutcome, message: string | null, erp: { code: string | null, message: string } | null }>, idempotency: { key: string, replayed: boolean } | null } | null };

export type DeleteWorkOrderMutationVariables = Exact<{
  connection?: string | number | null | undefined;
  docNo: string;
  idempotencyKey?: string | null | undefined;
}>;


export type DeleteWorkOrderMutation = { deleteWorkOrder: { deletedDocNo: string | null, deletedId: string | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null, docNo: string | null, erp: { code: string | null, message: string } | null }>, steps: Array<{ action: string, api: string, docNo: string | null, outcome: StepOutcome, message: string | null, erp: { code: string | null, message: string } | null }>, idempotency: { key: string, replayed: boolean } | null } | null };

export type ApproveWorkOrderMutationVariables = Exact<{
  connection?: string | number | null | undefined;
  docNo: string;
  idempotencyKey?: string | null | undefined;
}>;


export type ApproveWorkOrderMutation = { approveWorkOrder: { workOrder: { docNo: string, status: DocumentStatus } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null, docNo: string | null, erp: { code: string | null, message: string } | null }>, steps: Array<{ action: string, api: string, docNo: string | null, outcome: StepOutcome, message: string | null, erp: { code: string | null, message: string } | null }>, idempotency: { key: string, replayed: boolean } | null } | null };

export type DisapproveWorkOrderMutationVariables = Exact<{
  connection?: string | number | null | undefined;
  docNo: string;
  idempotencyKey?: string | null | undefined;
}>;


export type DisapproveWorkOrderMutation = { disapproveWorkOrder: { workOrder: { docNo: string, status: DocumentStatus } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null, docNo: string | null, erp: { code: string | null, message: string } | null }>, steps: Array<{ action: string, api: string, docNo: string | null, outcome: StepOutcome, message: string | null, erp: { code: string | null, message: string } | null }>, idempotency: { key: string, replayed: boolean } | null } | null };

export type IssueWorkOrderMutationVariables = Exact<{
  connection?: string | number | null | undefined;
  docNo: string;
  idempotencyKey?: string | null | undefined;
}>;


export type IssueWorkOrderMutation = { issueWorkOrder: { workOrder: { docNo: string, status: DocumentStatus, erpStatus: string } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null, docNo: string | null, erp: { code: string | null, message: string } | null }>, steps: Array<{ action: string, api: string, docNo: string | null, outcome: StepOutcome, message: string | null, erp: { code: string | null, message: string } | null }>, idempotency: { key: string, replayed: boolean } | null } | null };

export type UnissueWorkOrderMutationVariables = Exact<{
  connection?: string | number | null | undefined;
  docNo: string;
  idempotencyKey?: string | null | undefined;
}>;


export type UnissueWorkOrderMutation = { unissueWorkOrder: { workOrder: { docNo: string, status: DocumentStatus } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null, docNo: string | null, erp: { code: string | null, message: string } | null }>, steps: Array<{ action: string, api: string, docNo: string | null, outcome: StepOutcome, message: string | null, erp: { code: string | null, message: string } | null }>, idempotency: { key: string, replayed: boolean } | null } | null };

export type VoidWorkOrderMutationVariables = Exact<{
  connection?: string | number | null | undefined;
  docNo: string;
  idempotencyKey?: string | null | undefined;
}>;


export type VoidWorkOrderMutation = { voidWorkOrder: { workOrder: { docNo: string, status: DocumentStatus } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null, docNo: string | null, erp: { code: string | null, message: string } | null }>, steps: Array<{ action: string, api: string, docNo: string | null, outcome: StepOutcome, message: string | null, erp: { code: string | null, message: string } | null }>, idempotency: { key: string, replayed: boolean } | null } | null };

export type CreateAndApproveWorkOrderMutationVariables = Exact<{
  connection?: string | number | null | undefined;
  input: WorkOrderInput;
  idempotencyKey?: string | null | undefined;
}>;


export type CreateAndApproveWorkOrderMutation = { createAndApproveWorkOrder: { workOrder: { docNo: string, status: DocumentStatus } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null, docNo: string | null, erp: { code: string | null, message: string } | null }>, steps: Array<{ action: string, api: string, docNo: string | null, outcome: StepOutcome, message: string | null, erp: { code: string | null, message: string } | null }>, idempotency: { key: string, replayed: boolean } | null } | null };

export type ReverseWorkOrderMutationVariables = Exact<{
  connection?: string | number | null | undefined;
  docNo: string;
  idempotencyKey?: string | null | undefined;
}>;


export type ReverseWorkOrderMutation = { reverseWorkOrder: { workOrder: { docNo: string, status: DocumentStatus, erpStatus: string } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null, docNo: string | null, erp: { code: string | null, message: string } | null }>, steps: Array<{ action: string, api: string, docNo: string | null, outcome: StepOutcome, message: string | null, erp: { code: string | null, message: string } | null }>, idempotency: { key: string, replayed: boolean } | null } | null };
