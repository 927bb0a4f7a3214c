import type { StdMapping } from '../../common/digiwin/std-mapping-types';

/** asft340 production stock-in: head sfea_t, lines sfeb_t (protocols/digiwin.md §4.3). */
export const stockInMapping: StdMapping = {
  type: 'StockIn',
  stem: 'wo.stockin',
  head: {
    table: 'sfea_t',
    prefix: 'sfea',
    fields: [
      { canonical: 'postDate', wire: 'post_date', column: 'sfea001', type: 'date', readOnly: true },
      { canonical: 'applicant', wire: 'applicant_no', column: 'sfea002', type: 'string' },
      { canonical: 'department', wire: 'department_no', column: 'sfea003', type: 'string' },
      // ASSUMPTION: no documented reason column; T100's user-defined field ud002 carries it.
      { canonical: 'reason', wire: 'reason_no', column: 'sfeaud002', type: 'string' },
      // ASSUMPTION: no documented remark column; T100's user-defined field ud001 carries it.
      { canonical: 'remark', wire: 'remark', column: 'sfeaud001', type: 'string' },
    ],
  },
  lines: {
    table: 'sfeb_t',
    prefix: 'sfeb',
    fields: [
      { canonical: 'workOrderNo', wire: 'wo_no', column: 'sfeb001', type: 'string' },
      { canonical: 'itemNo', wire: 'item_no', column: 'sfeb004', type: 'string' },
      { canonical: 'unit', wire: 'unit_no', column: 'sfeb007', type: 'string' },
      // sfeb008 is the requested, sfeb009 the actual quantity; the API's qty is the actual one.
      { canonical: 'quantity', wire: 'qty', column: 'sfeb009', type: 'number' },
      { canonical: 'warehouse', wire: 'warehouse_no', column: 'sfeb013', type: 'string' },
      { canonical: 'location', wire: 'location_no', column: 'sfeb014', type: 'string' },
      { canonical: 'lot', wire: 'lot_no', column: 'sfeb015', type: 'string' },
      { canonical: 'remark', wire: 'remark', column: 'sfebud001', type: 'string' },
    ],
  },
};
