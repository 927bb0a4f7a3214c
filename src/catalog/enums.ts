/** Closed sets of values catalog fields take; each becomes one GraphQL enum, shared by the kinds that use it. */
import type { EnumSpec } from './types';

/** Design §2: `kind: IssuingKind { ISSUE RETURN SUPPLEMENT }` on IssuingNote (T100 sfda002, Sunlike PGM family). */
export const ISSUING_KIND: EnumSpec = {
  name: 'IssuingKind',
  description: 'What an issuing note does with material: issue it, take it back, or issue more.',
  values: [
    { name: 'ISSUE', description: 'Issue material to the work order (發料 / 領料).' },
    { name: 'RETURN', description: 'Return material from the work order (退料).' },
    { name: 'SUPPLEMENT', description: 'Issue more than planned, e.g. after scrap (補料).' },
  ],
};
