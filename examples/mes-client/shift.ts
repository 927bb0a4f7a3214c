/**
 * One shift on the shop floor, as the MES books it in the ERP through the gateway:
 *   1. create a work order, approve it and issue (發出) it to the floor;
 *   2. issue material to it (an issuing note, created and posted in one mutation);
 *   3. report the work done at an operation (a work report, created and approved);
 *   4. book the finished goods into stock, one stock-in per pallet (createAndPostStockIn);
 *   5. reverse the last pallet's stock-in (reverseStockIn: unpost → disapprove → void), as when a pallet was
 *      booked by mistake.
 * Every mutation runs under an idempotency key derived from the shift id and the step, so running the same shift
 * again (after a crash, a lost reply, a restart of the MES) books nothing twice: each step answers the document it
 * booked the first time, with `replayed: true`.
 */
import type { DocumentStatus } from '../../test/generated/operations';
import type { GatewayClient } from './client';
import { ApproveWorkOrder, CreateAndApproveWorkReport, CreateAndPostIssuingNote, CreateAndPostStockIn, CreateWorkOrder, IssueWorkOrder, ReverseStockIn } from './operations';

export interface ShiftOptions {
  /** Identifies the shift; every idempotency key is `${shiftId}:<step>`. Reuse it to resume the shift. */
  shiftId: string;
  /** Gateway connection (ERP instance); the gateway's default routing when omitted. */
  connection?: string;
  /** Slips (單別) the ERP numbers the documents from. */
  docTypes?: { workOrder: string; issuingNote: string; workReport: string; stockIn: string };
  /** What the work order makes, how many, and where the goods are stocked in. */
  product?: { itemNo: string; quantity: string; warehouse: string; location: string };
  /** One material of the work order: its requirement for the order, what this shift issues, and from where. */
  material?: { itemNo: string; required: string; issued: string; warehouse: string };
  /** The work reported at one operation. */
  report?: { operation: string; operationSeq: string; workstation: string; goodQuantity: string; scrapQuantity: string };
  /** Quantity of each pallet stocked in; the last one is reversed. At least two. */
  pallets?: string[];
}

/** Items, warehouses and slips the T100 sandbox holds (sandbox/t100/master-data.ts and documents/). */
export const SANDBOX_SHIFT: Required<Omit<ShiftOptions, 'shiftId' | 'connection'>> = {
  docTypes: { workOrder: 'WO01', issuingNote: 'IS01', workReport: 'WR30', stockIn: 'SI01' },
  product: { itemNo: '3-BJ900-03006-J02', quantity: '10', warehouse: '1001', location: '00' },
  material: { itemNo: 'A001', required: '20', issued: '5', warehouse: 'W01' },
  report: { operation: 'OP10', operationSeq: '10', workstation: 'WS01', goodQuantity: '4', scrapQuantity: '0' },
  pallets: ['3', '1'],
};

export type ShiftDocumentType = 'WorkOrder' | 'IssuingNote' | 'WorkReport' | 'StockIn';

/** One mutation of the shift and what it left in the ERP. */
export interface BookedStep {
  step: string;
  mutation: string;
  type: ShiftDocumentType;
  docNo: string;
  status: DocumentStatus;
  idempotencyKey: string;
  /** true: the gateway answered the recorded result of an earlier run; nothing ran again. */
  replayed: boolean;
}

export interface ShiftResult {
  workOrderNo: string;
  issuingNoteNo: string;
  workReportNo: string;
  /** Every stock-in booked, in pallet order, with its final status (the reversed one VOID). */
  stockIns: { docNo: string; status: DocumentStatus }[];
  /** The stock-in that was reversed. */
  reversedStockInNo: string;
  /** Every mutation, in order. */
  steps: BookedStep[];
}

/** Runs the shift's flow against the gateway and answers what it booked. Throws UserErrorsError on a refusal. */
export async function runShift(client: GatewayClient, options: ShiftOptions): Promise<ShiftResult> {
  const { docTypes, product, material, report, pallets } = { ...SANDBOX_SHIFT, ...options };
  if (pallets.length < 2) throw new Error('runShift: give at least two pallets (the last one is reversed)');
  const connection = options.connection;
  const steps: BookedStep[] = [];
  const keyOf = (step: string): string => `${options.shiftId}:${step}`;
  const record = (step: string, mutation: string, type: ShiftDocumentType, document: { docNo: string; status: DocumentStatus } | null, idempotency: { replayed: boolean } | null | undefined): string => {
    if (!document) throw new Error(`${step}: the payload has no ${type}`);
    steps.push({ step, mutation, type, docNo: document.docNo, status: document.status, idempotencyKey: keyOf(step), replayed: idempotency?.replayed ?? false });
    return document.docNo;
  };

  // 1. The work order: created with its material requirement, approved, issued to the floor.
  const created = await client.mutate(
    CreateWorkOrder,
    {
      connection,
      input: {
        docType: docTypes.workOrder,
        itemNo: product.itemNo,
        quantity: product.quantity,
        warehouse: product.warehouse,
        remark: `MES shift ${options.shiftId}`,
        lines: [{ itemNo: material.itemNo, quantity: material.required, warehouse: material.warehouse }],
      },
    },
    { idempotencyKey: keyOf('create-work-order') },
  );
  const workOrderNo = record('create-work-order', 'createWorkOrder', 'WorkOrder', created.workOrder, created.idempotency);
  const approved = await client.mutate(ApproveWorkOrder, { connection, docNo: workOrderNo }, { idempotencyKey: keyOf('approve-work-order') });
  record('approve-work-order', 'approveWorkOrder', 'WorkOrder', approved.workOrder, approved.idempotency);
  const issued = await client.mutate(IssueWorkOrder, { connection, docNo: workOrderNo }, { idempotencyKey: keyOf('issue-work-order') });
  record('issue-work-order', 'issueWorkOrder', 'WorkOrder', issued.workOrder, issued.idempotency);

  // 2. Material to the work order: one issuing note, created → approved → posted in one mutation.
  const issuing = await client.mutate(
    CreateAndPostIssuingNote,
    {
      connection,
      input: {
        docType: docTypes.issuingNote,
        kind: 'ISSUE',
        lines: [{ itemNo: material.itemNo, quantity: material.issued, warehouse: material.warehouse, workOrderNo }],
      },
    },
    { idempotencyKey: keyOf('issue-material') },
  );
  const issuingNoteNo = record('issue-material', 'createAndPostIssuingNote', 'IssuingNote', issuing.issuingNote, issuing.idempotency);

  // 3. The work done at an operation.
  const reported = await client.mutate(
    CreateAndApproveWorkReport,
    {
      connection,
      input: { docType: docTypes.workReport, workOrderNo, ...report },
    },
    { idempotencyKey: keyOf('report-work') },
  );
  const workReportNo = record('report-work', 'createAndApproveWorkReport', 'WorkReport', reported.workReport, reported.idempotency);

  // 4. Finished goods into stock, one stock-in per pallet.
  const stockIns: { docNo: string; status: DocumentStatus }[] = [];
  for (const [index, quantity] of pallets.entries()) {
    const step = `stock-in-${index + 1}`;
    const booked = await client.mutate(
      CreateAndPostStockIn,
      {
        connection,
        input: {
          docType: docTypes.stockIn,
          remark: `MES shift ${options.shiftId} pallet ${index + 1}`,
          lines: [{ itemNo: product.itemNo, quantity, warehouse: product.warehouse, location: product.location, workOrderNo }],
        },
      },
      { idempotencyKey: keyOf(step) },
    );
    const docNo = record(step, 'createAndPostStockIn', 'StockIn', booked.stockIn, booked.idempotency);
    stockIns.push({ docNo, status: booked.stockIn!.status });
  }

  // 5. The last pallet was booked by mistake: back its stock-in out to VOID.
  const last = stockIns[stockIns.length - 1];
  const reversed = await client.mutate(ReverseStockIn, { connection, docNo: last.docNo }, { idempotencyKey: keyOf(`reverse-stock-in-${stockIns.length}`) });
  record(`reverse-stock-in-${stockIns.length}`, 'reverseStockIn', 'StockIn', reversed.stockIn, reversed.idempotency);
  last.status = reversed.stockIn!.status;

  return { workOrderNo, issuingNoteNo, workReportNo, stockIns, reversedStockInNo: last.docNo, steps };
}

/** A few lines for people: each step, its document and status, and whether it was a replay. */
export function summarize(result: ShiftResult): string {
  const width = Math.max(...result.steps.map((step) => step.step.length));
  return result.steps
    .map((step) => `${step.step.padEnd(width)}  ${step.mutation.padEnd(26)}  ${step.docNo.padEnd(18)}  ${step.status.padEnd(10)}${step.replayed ? '  (replayed)' : ''}`)
    .join('\n');
}
