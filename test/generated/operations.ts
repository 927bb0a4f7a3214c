/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** OPEN_API: standard OpenAPI; CUSTOMIZED: 定製型 composite API. */
export type ApiKind =
  | 'CUSTOMIZED'
  | 'OPEN_API';

export type DocumentLineInput = {
  extensions?: Record<string, unknown> | null | undefined;
  itemNo: string;
  location?: string | null | undefined;
  lot?: string | null | undefined;
  quantity: number;
  remark?: string | null | undefined;
  unit?: string | null | undefined;
  warehouse?: string | null | undefined;
  workOrderNo?: string | null | undefined;
};

/** Canonical document status; the ERP's own code is in extensions.documentStatus. */
export type DocumentStatus =
  | 'APPROVED'
  | 'CLOSED'
  | 'ISSUED'
  | 'POSTED'
  | 'UNAPPROVED'
  | 'VOID';

/** ERP families behind the gateway. */
export type Erp =
  | 'AIWMS'
  | 'JUSHUITAN'
  | 'KINGDEE'
  | 'SUNLIKE'
  | 'T100'
  | 'TIPTOP';

/** A catalog operation: a lifecycle action, a read, or a composite. */
export type Operation =
  | 'APPROVE'
  | 'CREATE'
  | 'CREATE_AND_APPROVE'
  | 'CREATE_AND_POST'
  | 'DELETE'
  | 'DISAPPROVE'
  | 'ISSUE'
  | 'LIST'
  | 'POST'
  | 'READ'
  | 'REVERSE'
  | 'UNISSUE'
  | 'UNPOST'
  | 'UPDATE'
  | 'VOID';

export type StockInFilter = {
  /** Document date from (inclusive). */
  docDateFrom?: string | null | undefined;
  /** Document date to (inclusive). */
  docDateTo?: string | null | undefined;
  docNo?: string | null | undefined;
  status?: DocumentStatus | null | undefined;
};

/** Fields to create or update a StockIn. */
export type StockInInput = {
  /** Applicant (sfea002). */
  applicant?: string | null | undefined;
  department?: string | null | undefined;
  docDate?: string | null | undefined;
  /** Slip / document type (單別); the ERP numbers the document. */
  docType?: string | null | undefined;
  /** ERP-specific extra fields, passed through. */
  extensions?: Record<string, unknown> | null | undefined;
  lines?: Array<DocumentLineInput> | null | undefined;
  remark?: string | null | undefined;
  supplier?: string | null | undefined;
  workOrderNo?: string | null | undefined;
};

export type WireFormat =
  | 'JSON'
  | 'XML';

export type WorkOrderFilter = {
  /** Document date from (inclusive). */
  docDateFrom?: string | null | undefined;
  /** Document date to (inclusive). */
  docDateTo?: string | null | undefined;
  docNo?: string | null | undefined;
  status?: DocumentStatus | null | undefined;
};

/** Fields to create or update a WorkOrder. */
export type WorkOrderInput = {
  department?: string | null | undefined;
  docDate?: string | null | undefined;
  /** Slip / document type (單別); the ERP numbers the document. */
  docType?: string | null | undefined;
  /** ERP-specific extra fields, passed through. */
  extensions?: Record<string, unknown> | null | undefined;
  /** Item to produce (sfaa010). Required on create. */
  itemNo?: string | null | undefined;
  lines?: Array<DocumentLineInput> | null | undefined;
  /** Planned completion date (sfaa020). */
  plannedEnd?: string | null | undefined;
  /** Planned start date (sfaa019). */
  plannedStart?: string | null | undefined;
  /** Planned production quantity (sfaa012). Required on create. */
  quantity?: number | null | undefined;
  remark?: string | null | undefined;
  /** Outsourced (委外) work order (sfaa057 = 2). */
  subcontract?: boolean | null | undefined;
  supplier?: string | null | undefined;
  /** Production unit (sfaa013); defaults to the item unit. */
  unit?: string | null | undefined;
  /** Default stock-in warehouse (sfaa034). */
  warehouse?: string | null | undefined;
  workOrderNo?: string | null | undefined;
};

export type StockInFieldsFragment = { connection: string, erp: Erp, docNo: string, docType: string | null, docDate: string | null, status: DocumentStatus, department: string | null, remark: string | null, extensions: Record<string, unknown> | null, lines: Array<{ seq: number | null, itemNo: string, quantity: number, unit: string | null, warehouse: string | null, location: string | null, lot: string | null, workOrderNo: string | null }> };

export type WorkOrderFieldsFragment = { connection: string, docNo: string, docType: string | null, docDate: string | null, status: DocumentStatus, itemNo: string | null, quantity: number | null, unit: string | null, plannedStart: string | null, plannedEnd: string | null, department: string | null, stockedInQuantity: number | null, extensions: Record<string, unknown> | null };

export type StockInQueryVariables = Exact<{
  connection?: string | number | null | undefined;
  docNo: string;
}>;


export type StockInQuery = { stockIn: { connection: string, erp: Erp, docNo: string, docType: string | null, docDate: string | null, status: DocumentStatus, department: string | null, remark: string | null, extensions: Record<string, unknown> | null, workOrder: { docNo: string, status: DocumentStatus } | null, lines: Array<{ seq: number | null, itemNo: string, quantity: number, unit: string | null, warehouse: string | null, location: string | null, lot: string | null, workOrderNo: string | null }> } | null };

export type StockInsQueryVariables = Exact<{
  connection?: string | number | null | undefined;
  filter?: StockInFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type StockInsQuery = { stockIns: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { docNo: string, status: DocumentStatus, docDate: string | null } }> } };

export type StockInsWithLinesQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type StockInsWithLinesQuery = { stockIns: { edges: Array<{ node: { docNo: string, lines: Array<{ itemNo: string, quantity: number, workOrder: { docNo: string, status: DocumentStatus, itemNo: string | null } | null }> } }> } };

export type WorkOrderQueryVariables = Exact<{
  connection?: string | number | null | undefined;
  docNo: string;
}>;


export type WorkOrderQuery = { workOrder: { connection: string, docNo: string, docType: string | null, docDate: string | null, status: DocumentStatus, itemNo: string | null, quantity: number | null, unit: string | null, plannedStart: string | null, plannedEnd: string | null, department: string | null, stockedInQuantity: number | null, extensions: Record<string, unknown> | null } | null };

export type WorkOrdersQueryVariables = Exact<{
  filter?: WorkOrderFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type WorkOrdersQuery = { workOrders: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { docNo: string, status: DocumentStatus, docDate: string | null } }> } };

export type ApiCatalogQueryVariables = Exact<{
  erp?: Erp | null | undefined;
  document?: string | null | undefined;
}>;


export type ApiCatalogQuery = { apiCatalog: Array<{ erp: Erp, document: string, program: string, action: Operation, apiName: string, kind: ApiKind, formats: Array<WireFormat>, standard: string, graphqlField: string, description: string }> };

export type CreateStockInMutationVariables = Exact<{
  connection?: string | number | null | undefined;
  input: StockInInput;
}>;


export type CreateStockInMutation = { createStockIn: { connection: string, erp: Erp, docNo: string, docType: string | null, docDate: string | null, status: DocumentStatus, department: string | null, remark: string | null, extensions: Record<string, unknown> | null, lines: Array<{ seq: number | null, itemNo: string, quantity: number, unit: string | null, warehouse: string | null, location: string | null, lot: string | null, workOrderNo: string | null }> } };

export type UpdateStockInMutationVariables = Exact<{
  docNo: string;
  input: StockInInput;
}>;


export type UpdateStockInMutation = { updateStockIn: { connection: string, erp: Erp, docNo: string, docType: string | null, docDate: string | null, status: DocumentStatus, department: string | null, remark: string | null, extensions: Record<string, unknown> | null, lines: Array<{ seq: number | null, itemNo: string, quantity: number, unit: string | null, warehouse: string | null, location: string | null, lot: string | null, workOrderNo: string | null }> } };

export type DeleteStockInMutationVariables = Exact<{
  docNo: string;
}>;


export type DeleteStockInMutation = { deleteStockIn: { connection: string, typeName: string, docNo: string, deleted: boolean } };

export type ApproveStockInMutationVariables = Exact<{
  connection?: string | number | null | undefined;
  docNo: string;
}>;


export type ApproveStockInMutation = { approveStockIn: { docNo: string, status: DocumentStatus, extensions: Record<string, unknown> | null } };

export type DisapproveStockInMutationVariables = Exact<{
  docNo: string;
}>;


export type DisapproveStockInMutation = { disapproveStockIn: { docNo: string, status: DocumentStatus } };

export type PostStockInMutationVariables = Exact<{
  connection?: string | number | null | undefined;
  docNo: string;
}>;


export type PostStockInMutation = { postStockIn: { docNo: string, status: DocumentStatus, extensions: Record<string, unknown> | null } };

export type UnpostStockInMutationVariables = Exact<{
  docNo: string;
}>;


export type UnpostStockInMutation = { unpostStockIn: { docNo: string, status: DocumentStatus } };

export type VoidStockInMutationVariables = Exact<{
  docNo: string;
}>;


export type VoidStockInMutation = { voidStockIn: { docNo: string, status: DocumentStatus } };

export type CreateAndPostStockInMutationVariables = Exact<{
  input: StockInInput;
  idempotencyKey?: string | null | undefined;
}>;


export type CreateAndPostStockInMutation = { createAndPostStockIn: { connection: string, erp: Erp, docNo: string, docType: string | null, docDate: string | null, status: DocumentStatus, department: string | null, remark: string | null, extensions: Record<string, unknown> | null, lines: Array<{ seq: number | null, itemNo: string, quantity: number, unit: string | null, warehouse: string | null, location: string | null, lot: string | null, workOrderNo: string | null }> } };

export type CreateAndApproveStockInMutationVariables = Exact<{
  input: StockInInput;
}>;


export type CreateAndApproveStockInMutation = { createAndApproveStockIn: { docNo: string, status: DocumentStatus } };

export type ReverseStockInMutationVariables = Exact<{
  docNo: string;
}>;


export type ReverseStockInMutation = { reverseStockIn: { docNo: string, status: DocumentStatus, extensions: Record<string, unknown> | null } };

export type CreateWorkOrderMutationVariables = Exact<{
  input: WorkOrderInput;
}>;


export type CreateWorkOrderMutation = { createWorkOrder: { connection: string, docNo: string, docType: string | null, docDate: string | null, status: DocumentStatus, itemNo: string | null, quantity: number | null, unit: string | null, plannedStart: string | null, plannedEnd: string | null, department: string | null, stockedInQuantity: number | null, extensions: Record<string, unknown> | null } };

export type UpdateWorkOrderMutationVariables = Exact<{
  docNo: string;
  input: WorkOrderInput;
}>;


export type UpdateWorkOrderMutation = { updateWorkOrder: { connection: string, docNo: string, docType: string | null, docDate: string | null, status: DocumentStatus, itemNo: string | null, quantity: number | null, unit: string | null, plannedStart: string | null, plannedEnd: string | null, department: string | null, stockedInQuantity: number | null, extensions: Record<string, unknown> | null } };

export type DeleteWorkOrderMutationVariables = Exact<{
  docNo: string;
}>;


export type DeleteWorkOrderMutation = { deleteWorkOrder: { docNo: string, deleted: boolean } };

export type ApproveWorkOrderMutationVariables = Exact<{
  docNo: string;
}>;


export type ApproveWorkOrderMutation = { approveWorkOrder: { docNo: string, status: DocumentStatus } };

export type DisapproveWorkOrderMutationVariables = Exact<{
  docNo: string;
}>;


export type DisapproveWorkOrderMutation = { disapproveWorkOrder: { docNo: string, status: DocumentStatus } };

export type IssueWorkOrderMutationVariables = Exact<{
  docNo: string;
}>;


export type IssueWorkOrderMutation = { issueWorkOrder: { docNo: string, status: DocumentStatus, extensions: Record<string, unknown> | null } };

export type UnissueWorkOrderMutationVariables = Exact<{
  docNo: string;
}>;


export type UnissueWorkOrderMutation = { unissueWorkOrder: { docNo: string, status: DocumentStatus } };

export type VoidWorkOrderMutationVariables = Exact<{
  docNo: string;
}>;


export type VoidWorkOrderMutation = { voidWorkOrder: { docNo: string, status: DocumentStatus } };

export type CreateAndApproveWorkOrderMutationVariables = Exact<{
  input: WorkOrderInput;
}>;


export type CreateAndApproveWorkOrderMutation = { createAndApproveWorkOrder: { docNo: string, status: DocumentStatus } };

export type ReverseWorkOrderMutationVariables = Exact<{
  docNo: string;
}>;


export type ReverseWorkOrderMutation = { reverseWorkOrder: { docNo: string, status: DocumentStatus } };
