/** The T100 sandbox's per-kind knowledge, one file per document kind (registered here, found by type). */
import { issuingNoteSandbox, pickingReturnSandbox, stationScrapSandbox, stationStockInSandbox, workOrderChangeSandbox, workReportSandbox } from './production';
import { inspectionReturnSandbox, purchaseChangeSandbox, purchaseOrderSandbox, purchaseReceiptSandbox, purchaseStockInSandbox } from './purchase';
import { stockInSandbox } from './stock-in';
import type { T100SandboxKind } from './types';
import { workOrderSandbox } from './work-order';

export type { QuantityCap, SampleDocument, T100SandboxKind } from './types';

export const T100_SANDBOX_KINDS: readonly T100SandboxKind[] = [
  workOrderSandbox,
  workOrderChangeSandbox,
  issuingNoteSandbox,
  pickingReturnSandbox,
  workReportSandbox,
  stationStockInSandbox,
  stationScrapSandbox,
  stockInSandbox,
  purchaseOrderSandbox,
  purchaseChangeSandbox,
  purchaseReceiptSandbox,
  inspectionReturnSandbox,
  purchaseStockInSandbox,
];

const byType = new Map(T100_SANDBOX_KINDS.map((kind) => [kind.type, kind]));

export function sandboxKind(type: string): T100SandboxKind | undefined {
  return byType.get(type);
}
