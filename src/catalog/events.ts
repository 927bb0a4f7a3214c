/**
 * Business events: one customized API call whose result is several documents gets its own mutation, named for
 * what happened on the shop floor, answering each document (design §2, "Actions that do not fit <verb><Type>").
 */
import type { Erp } from './types';

export interface EventLineField {
  readonly name: string;
  readonly description: string;
  /** The field's wire name on each ERP that runs the event (sent as a line field of the call). */
  readonly wire: Partial<Record<Erp, string>>;
}

export interface BusinessEvent {
  /** The mutation's name. */
  readonly name: string;
  readonly description: string;
  /** The document whose customized composite row runs the event; the row's `results` name the documents answered. */
  readonly document: string;
  readonly composite: 'createAndApprove' | 'createAndPost';
  /** Decimal line fields the event's input has beyond the document's own lines. */
  readonly lineFields: readonly EventLineField[];
}

export const BUSINESS_EVENTS: readonly BusinessEvent[] = [
  {
    name: 'receiveOutsourcedGoods',
    description:
      'An outsourcing supplier delivers (外包回貨, T100 outsourcing.purchase.stockin.create, one M2E transaction): the receipt ' +
      'against the purchase order, an inspection return for the rejected goods (when any line has some) and the stock-in of ' +
      'the rest, created, approved and the stock-in posted in one ERP call. Answers all three documents.',
    document: 'PurchaseReceipt',
    composite: 'createAndApprove',
    lineFields: [
      {
        name: 'rejectedQuantity',
        description: 'Of the quantity received on this line, how much incoming inspection rejected (returned to the supplier); the rest is stocked in.',
        wire: { t100: 'return_qty' },
      },
    ],
  },
];
