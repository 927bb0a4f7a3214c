import type { StdMapping } from '../../common/digiwin/std-mapping-types';

/** asft800 work-order change: sfka_t, head only here (§4.3). ASSUMPTION: the work order number in sfka001. */
export const workOrderChangeMapping: StdMapping = {
  type: 'WorkOrderChange',
  stem: 'wo.change',
  head: {
    table: 'sfka_t',
    prefix: 'sfka',
    fields: [
      { canonical: 'workOrderNo', wire: 'wo_no', column: 'sfka001', type: 'string' },
      { canonical: 'changeSeq', wire: 'change_seq', column: 'sfka900', type: 'number', readOnly: true },
      { canonical: 'itemNo', wire: 'item_no', column: 'sfka010', type: 'string' },
      { canonical: 'quantity', wire: 'qty', column: 'sfka012', type: 'number' },
      { canonical: 'unit', wire: 'unit_no', column: 'sfka013', type: 'string' },
      { canonical: 'plannedStart', wire: 'plan_start_date', column: 'sfka019', type: 'date' },
      { canonical: 'plannedEnd', wire: 'plan_end_date', column: 'sfka020', type: 'date' },
      { canonical: 'reason', wire: 'reason_no', column: 'sfka905', type: 'string' },
      { canonical: 'remark', wire: 'remark', column: 'sfkaud001', type: 'string' },
    ],
  },
};

/** asft330/335 work report: one flat row per report in sffb_t (§4.3), so head only. */
export const workReportMapping: StdMapping = {
  type: 'WorkReport',
  stem: 'wo.work.report',
  head: {
    table: 'sffb_t',
    prefix: 'sffb',
    fields: [
      { canonical: 'reporter', wire: 'reporter_no', column: 'sffb002', type: 'string' },
      { canonical: 'department', wire: 'department_no', column: 'sffb003', type: 'string' },
      { canonical: 'workOrderNo', wire: 'wo_no', column: 'sffb005', type: 'string' },
      { canonical: 'operation', wire: 'operation_no', column: 'sffb007', type: 'string' },
      { canonical: 'operationSeq', wire: 'operation_seq', column: 'sffb008', type: 'string' },
      { canonical: 'workstation', wire: 'workstation_no', column: 'sffb009', type: 'string' },
      { canonical: 'unit', wire: 'unit_no', column: 'sffb016', type: 'string' },
      { canonical: 'goodQuantity', wire: 'good_qty', column: 'sffb017', type: 'number' },
      { canonical: 'scrapQuantity', wire: 'scrap_qty', column: 'sffb018', type: 'number' },
      { canonical: 'offlineQuantity', wire: 'offline_qty', column: 'sffb019', type: 'number' },
      { canonical: 'remark', wire: 'remark', column: 'sffb023', type: 'string' },
      { canonical: 'program', wire: 'prog_no', column: 'sffbprog', type: 'string' },
    ],
  },
};

/** asft337 station stock-in: head sfha_t, lines sfhb_t. */
export const stationStockInMapping: StdMapping = {
  type: 'StationStockIn',
  stem: 'wo.report.stockin',
  head: {
    table: 'sfha_t',
    prefix: 'sfha',
    fields: [
      { canonical: 'postDate', wire: 'post_date', column: 'sfha001', type: 'date', readOnly: true },
      { canonical: 'workOrderNo', wire: 'wo_no', column: 'sfha004', type: 'string' },
      { canonical: 'operation', wire: 'operation_no', column: 'sfha006', type: 'string' },
      { canonical: 'operationSeq', wire: 'operation_seq', column: 'sfha007', type: 'string' },
      { canonical: 'quantity', wire: 'report_qty', column: 'sfha008', type: 'number' },
      { canonical: 'remark', wire: 'remark', column: 'sfha009', type: 'string' },
    ],
  },
  lines: {
    table: 'sfhb_t',
    prefix: 'sfhb',
    fields: [
      { canonical: 'itemNo', wire: 'item_no', column: 'sfhb001', type: 'string' },
      { canonical: 'warehouse', wire: 'warehouse_no', column: 'sfhb003', type: 'string' },
      { canonical: 'location', wire: 'location_no', column: 'sfhb004', type: 'string' },
      { canonical: 'lot', wire: 'lot_no', column: 'sfhb005', type: 'string' },
      { canonical: 'unit', wire: 'unit_no', column: 'sfhb007', type: 'string' },
      { canonical: 'quantity', wire: 'qty', column: 'sfhb008', type: 'number' },
    ],
  },
};

/** asft336 station scrap: sfga_t, head only. */
export const stationScrapMapping: StdMapping = {
  type: 'StationScrap',
  stem: 'station.scrapped',
  head: {
    table: 'sfga_t',
    prefix: 'sfga',
    fields: [
      { canonical: 'postDate', wire: 'post_date', column: 'sfga001', type: 'date', readOnly: true },
      { canonical: 'workOrderNo', wire: 'wo_no', column: 'sfga004', type: 'string' },
      { canonical: 'operation', wire: 'operation_no', column: 'sfga006', type: 'string' },
      { canonical: 'operationSeq', wire: 'operation_seq', column: 'sfga007', type: 'string' },
      { canonical: 'scrapQuantity', wire: 'scrap_qty', column: 'sfga009', type: 'number' },
      { canonical: 'remark', wire: 'remark', column: 'sfga010', type: 'string' },
    ],
  },
};
