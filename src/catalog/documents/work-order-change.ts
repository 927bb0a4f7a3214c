import { T100_BINDING_DEFAULTS, t100OpenApis } from '../digiwin-rows';
import type { DocumentKind } from '../types';

/** 工單變更 (asft800): approving it rewrites its work order; numbered after it (`{wo}#{seq}`, protocols §4.3). */
export const workOrderChange = {
  type: 'WorkOrderChange',
  field: 'workOrderChange',
  plural: 'workOrderChanges',
  description: 'Work-order change (工單變更): new quantity, dates or item for a work order, applied when approved.',
  programs: ['asft800'],
  lifecycle: 'approveOnlyNoDisapprove',
  linesRequired: false,
  changes: { target: 'WorkOrder', by: 'workOrderNo' },
  references: [{ field: 'workOrder', target: 'WorkOrder', by: 'workOrderNo', inverse: 'changes', description: 'The work order this change rewrites' }],
  effects: { approve: "Approving writes the change's item, quantity, unit and dates onto its work order." },
  fields: [
    { name: 'changeSeq', type: 'Int', description: 'Change number within the work order (sfka900).', input: false },
    { name: 'itemNo', type: 'String', description: 'New item (sfka010).' },
    { name: 'quantity', type: 'Decimal', description: 'New planned quantity (sfka012).' },
    { name: 'unit', type: 'String', description: 'New unit (sfka013).' },
    { name: 'plannedStart', type: 'Date', description: 'New planned start (sfka019).' },
    { name: 'plannedEnd', type: 'Date', description: 'New planned completion (sfka020).' },
    { name: 'reason', type: 'String', description: 'Reason for the change (sfka905).' },
  ],
  erps: {
    t100: { ...T100_BINDING_DEFAULTS, operations: t100OpenApis('wo.change', '工單變更單', 'approveOnlyNoDisapprove') },
  },
} as const satisfies DocumentKind;
