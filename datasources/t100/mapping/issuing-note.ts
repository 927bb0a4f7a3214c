import type { StdField, StdMapping } from '../../common/digiwin/std-mapping-types';

/** Lines of issuing notes and picking returns: sfdc_t (protocols/digiwin.md §4.3). */
const SFDC_LINES: readonly StdField[] = [
  { canonical: 'workOrderNo', wire: 'wo_no', column: 'sfdc001', type: 'string' },
  { canonical: 'itemNo', wire: 'item_no', column: 'sfdc004', type: 'string' },
  { canonical: 'unit', wire: 'unit_no', column: 'sfdc006', type: 'string' },
  // sfdc007 is the requested, sfdc008 the actual quantity; the API's qty is the actual one.
  { canonical: 'quantity', wire: 'qty', column: 'sfdc008', type: 'number' },
  { canonical: 'warehouse', wire: 'warehouse_no', column: 'sfdc012', type: 'string' },
  { canonical: 'location', wire: 'location_no', column: 'sfdc013', type: 'string' },
  { canonical: 'lot', wire: 'lot_no', column: 'sfdc014', type: 'string' },
  { canonical: 'remark', wire: 'remark', column: 'sfdcud001', type: 'string' },
];

/** Heads of issuing notes and picking returns: sfda_t. ASSUMPTION: the program travels as `prog_no`. */
const SFDA_HEAD: readonly StdField[] = [
  { canonical: 'postDate', wire: 'post_date', column: 'sfda001', type: 'date', readOnly: true },
  { canonical: 'department', wire: 'department_no', column: 'sfda003', type: 'string' },
  { canonical: 'applicant', wire: 'applicant_no', column: 'sfda004', type: 'string' },
  { canonical: 'program', wire: 'prog_no', column: 'sfdaprog', type: 'string' },
  { canonical: 'remark', wire: 'remark', column: 'sfdaud001', type: 'string' },
];

/** asft310~315 issuing note. */
export const issuingNoteMapping: StdMapping = {
  type: 'IssuingNote',
  stem: 'issuing',
  head: {
    table: 'sfda_t',
    prefix: 'sfda',
    fields: [
      ...SFDA_HEAD,
      // ASSUMPTION: sfda002 codes 1 issue, 2 return, 3 supplement.
      { canonical: 'kind', wire: 'issue_type', column: 'sfda002', type: 'code', codes: { ISSUE: '1', RETURN: '2', SUPPLEMENT: '3' } },
    ],
  },
  lines: { table: 'sfdc_t', prefix: 'sfdc', fields: SFDC_LINES },
};

/** asft321/asft323 picking return: the same tables as issuing. */
export const pickingReturnMapping: StdMapping = {
  type: 'PickingReturn',
  stem: 'picking.return',
  head: { table: 'sfda_t', prefix: 'sfda', fields: SFDA_HEAD },
  lines: { table: 'sfdc_t', prefix: 'sfdc', fields: SFDC_LINES },
};
