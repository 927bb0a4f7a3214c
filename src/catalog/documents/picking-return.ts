import { T100_BINDING_DEFAULTS, t100OpenApis } from '../digiwin-rows';
import type { DocumentKind } from '../types';
import { issueWoItemProcess } from './issuing-note';

/** 成套退料 (asft321) and 一般退料 (asft323): material back from work orders; asft323 has the one-call API. */
export const pickingReturn = {
  type: 'PickingReturn',
  field: 'pickingReturn',
  plural: 'pickingReturns',
  description: 'Picking return (成套退料單): issued material returned from a work order to a warehouse.',
  programs: ['asft321', 'asft323'],
  lifecycle: 'approveThenPost',
  linesRequired: true,
  references: [{ field: 'workOrder', target: 'WorkOrder', by: 'workOrderNo', inverse: 'pickingReturns', description: 'The work order the material comes back from' }],
  effects: {
    post: "Posting puts each line's quantity back into the warehouse and lowers the work order's issued quantity; a return cannot exceed what was issued.",
    unpost: 'Takes the material out again and restores the issued quantity.',
  },
  fields: [
    { name: 'program', type: 'String', description: 'T100 program: asft321 (full set) or asft323 (general, one-call customized API).' },
    { name: 'applicant', type: 'String', description: 'Applicant (sfda004).' },
    { name: 'postDate', type: 'Date', description: 'Posting date (sfda001), set when posted.', input: false },
  ],
  erps: {
    t100: {
      ...T100_BINDING_DEFAULTS,
      operations: {
        ...t100OpenApis('picking.return', '成套退料單', 'approveThenPost'),
        ...issueWoItemProcess('asft323'),
      },
    },
  },
} as const satisfies DocumentKind;
