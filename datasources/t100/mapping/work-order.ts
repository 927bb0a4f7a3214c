import type { StdMapping } from '../../common/digiwin/std-mapping-types';

/** asft300 work order: head sfaa_t, material lines sfba_t (protocols/digiwin.md §4.3). */
export const workOrderMapping: StdMapping = {
  type: 'WorkOrder',
  stem: 'wo',
  head: {
    table: 'sfaa_t',
    prefix: 'sfaa',
    fields: [
      { canonical: 'itemNo', wire: 'item_no', column: 'sfaa010', type: 'string' },
      { canonical: 'quantity', wire: 'qty', column: 'sfaa012', type: 'number' },
      { canonical: 'unit', wire: 'unit_no', column: 'sfaa013', type: 'string' },
      { canonical: 'plannedStart', wire: 'plan_start_date', column: 'sfaa019', type: 'date' },
      { canonical: 'plannedEnd', wire: 'plan_end_date', column: 'sfaa020', type: 'date' },
      { canonical: 'warehouse', wire: 'warehouse_no', column: 'sfaa034', type: 'string' },
      // sfaa017 holds the department, or the supplier on a subcontract order (§4.3).
      { canonical: 'department', wire: 'department_no', column: 'sfaa017', type: 'string' },
      { canonical: 'subcontract', wire: 'wo_type', column: 'sfaa057', type: 'flag', flag: { true: '2', false: '1' } },
      { canonical: 'issuedSets', wire: 'issued_sets', column: 'sfaa049', type: 'number', readOnly: true },
      { canonical: 'stockedInQuantity', wire: 'stockin_qty', column: 'sfaa050', type: 'number', readOnly: true },
      { canonical: 'scrappedQuantity', wire: 'scrap_qty', column: 'sfaa056', type: 'number', readOnly: true },
      // ASSUMPTION: no documented remark column; T100's user-defined field ud001 carries it.
      { canonical: 'remark', wire: 'remark', column: 'sfaaud001', type: 'string' },
    ],
  },
  lines: {
    table: 'sfba_t',
    prefix: 'sfba',
    fields: [
      { canonical: 'itemNo', wire: 'item_no', column: 'sfba005', type: 'string' },
      { canonical: 'quantity', wire: 'qty', column: 'sfba013', type: 'number' },
      { canonical: 'unit', wire: 'unit_no', column: 'sfba014', type: 'string' },
      { canonical: 'warehouse', wire: 'warehouse_no', column: 'sfba019', type: 'string' },
      // Issued so far (sfba016): moved by posting issuing notes and picking returns; never written by a client.
      { canonical: 'issuedQuantity', wire: 'issued_qty', column: 'sfba016', type: 'number', readOnly: true },
      { canonical: 'remark', wire: 'remark', column: 'sfbaud001', type: 'string' },
    ],
  },
};
