import { T100_BINDING_DEFAULTS, t100OpenApis } from '../digiwin-rows';
import type { DocumentKind } from '../types';

/** 工單 (asft300): seed 000, 一般/委外生產流程-工單, 服務類別 10 生產資訊API. */
export const workOrder = {
  type: 'WorkOrder',
  field: 'workOrder',
  plural: 'workOrders',
  description: 'Work order (工單): what to make, how many, when; issued to the floor before material is issued.',
  programs: ['asft300'],
  lifecycle: 'workOrder',
  linesRequired: false,
  effects: {
    issue: 'Material can then be issued and stock-ins booked against the work order.',
    unissue: 'Refused while material has been issued or stock stocked in against the work order.',
  },
  fields: [
    { name: 'itemNo', type: 'String', description: 'Item to produce (sfaa010).', requiredOnCreate: true },
    { name: 'quantity', type: 'Decimal', description: 'Planned production quantity (sfaa012).', requiredOnCreate: true },
    { name: 'unit', type: 'String', description: 'Production unit (sfaa013); defaults to the item unit.' },
    { name: 'plannedStart', type: 'Date', description: 'Planned start date (sfaa019).' },
    { name: 'plannedEnd', type: 'Date', description: 'Planned completion date (sfaa020).' },
    { name: 'warehouse', type: 'String', description: 'Default stock-in warehouse (sfaa034).' },
    { name: 'subcontract', type: 'Boolean', description: 'Outsourced (委外) work order (sfaa057 = 2).' },
    { name: 'issuedSets', type: 'Decimal', description: 'Sets of material already issued (sfaa049).', input: false },
    { name: 'stockedInQuantity', type: 'Decimal', description: 'Quantity already stocked in (sfaa050).', input: false },
    { name: 'scrappedQuantity', type: 'Decimal', description: 'Quantity scrapped (sfaa056).', input: false },
  ],
  erps: {
    t100: {
      ...T100_BINDING_DEFAULTS,
      operations: t100OpenApis('wo', '工單', 'workOrder'),
    },
  },
} as const satisfies DocumentKind;
