/**
 * T100's field mappings, one per document kind (a kind without one is not served by T100), over the shared
 * std_data conversions of datasources/common/digiwin/std-mapping.ts.
 */
import type { StdMapping } from '../../common/digiwin/std-mapping-types';
import { issuingNoteMapping, pickingReturnMapping } from './issuing-note';
import { stationScrapMapping, stationStockInMapping, workOrderChangeMapping, workReportMapping } from './production';
import { inspectionReturnMapping, purchaseChangeMapping, purchaseOrderMapping, purchaseReceiptMapping, purchaseStockInMapping } from './purchase';
import { stockInMapping } from './stock-in';
import { workOrderMapping } from './work-order';

export * from '../../common/digiwin/std-mapping';

const T100_MAPPINGS: readonly StdMapping[] = [
  workOrderMapping,
  workOrderChangeMapping,
  issuingNoteMapping,
  pickingReturnMapping,
  workReportMapping,
  stationStockInMapping,
  stationScrapMapping,
  stockInMapping,
  purchaseOrderMapping,
  purchaseChangeMapping,
  purchaseReceiptMapping,
  inspectionReturnMapping,
  purchaseStockInMapping,
];

const byType = new Map(T100_MAPPINGS.map((mapping) => [mapping.type, mapping]));

export function t100Mapping(type: string): StdMapping | undefined {
  return byType.get(type);
}
