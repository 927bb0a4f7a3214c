/**
 * TIPTOP GP's document state (protocols/digiwin.md §3.3): two flags, confirm (`inaconf`/`immconf`: N, Y, X) and post
 * (`inapost`/`imm03`: N, Y). Canonical: (N,N) UNAPPROVED, (Y,N) APPROVED, (Y,Y) POSTED, X VOID.
 *
 * ASSUMPTION (tt.oapi payloads are not public, §4.2): the OpenAPIs report the two flags as one std_data `status` of
 * two letters, confirm then post (`YN`); the sandbox stores the two columns. erpStatus shows that code.
 */
import type { DocumentStatus } from '../../src/catalog/types';
import type { StatusCodec } from '../common/digiwin/std-mapping-types';

const PAIRS: ReadonlyMap<string, DocumentStatus> = new Map([
  ['NN', 'UNAPPROVED'],
  ['YN', 'APPROVED'],
  ['YY', 'POSTED'],
  ['XN', 'VOID'],
]);

export interface TiptopFlags {
  readonly conf: 'N' | 'Y' | 'X';
  readonly post: 'N' | 'Y';
}

/** The flags TIPTOP writes when a document enters a canonical status (ISSUED and CLOSED do not exist here). */
export const TIPTOP_FLAGS_FOR: Readonly<Partial<Record<DocumentStatus, TiptopFlags>>> = {
  UNAPPROVED: { conf: 'N', post: 'N' },
  APPROVED: { conf: 'Y', post: 'N' },
  POSTED: { conf: 'Y', post: 'Y' },
  VOID: { conf: 'X', post: 'N' },
};

export function statusCode(flags: { conf: string; post: string }): string {
  return `${flags.conf.trim() || 'N'}${flags.post.trim() || 'N'}`;
}

export const TIPTOP_STATUS: StatusCodec = {
  name: 'TIPTOP status (confirm and post flags)',
  canonical: (raw) => PAIRS.get(raw.trim().toUpperCase()),
  rawOf: (status) => [...PAIRS].filter(([, canonical]) => canonical === status).map(([raw]) => raw),
};
