/**
 * T100 status codes (`<p>stus`, protocols/digiwin.md §3.1) and their canonical statuses.
 * W/A/R/D (sign-off states) → UNAPPROVED is an ASSUMPTION of the notes; the sandbox never produces them.
 */
import type { DocumentStatus } from '../../src/catalog/types';
import type { StatusCodec } from '../common/digiwin/std-mapping-types';

const T100_STATUS_TO_CANONICAL: Readonly<Record<string, DocumentStatus>> = {
  N: 'UNAPPROVED',
  W: 'UNAPPROVED',
  A: 'UNAPPROVED',
  R: 'UNAPPROVED',
  D: 'UNAPPROVED',
  Y: 'APPROVED',
  Z: 'APPROVED',
  F: 'ISSUED',
  S: 'POSTED',
  C: 'CLOSED',
  M: 'CLOSED',
  E: 'CLOSED',
  X: 'VOID',
};

/** The code T100 writes when a document enters a canonical status. */
export const T100_STATUS_FOR: Readonly<Record<DocumentStatus, string>> = {
  UNAPPROVED: 'N',
  APPROVED: 'Y',
  ISSUED: 'F',
  POSTED: 'S',
  CLOSED: 'C',
  VOID: 'X',
};

export function canonicalStatus(raw: string): DocumentStatus | undefined {
  return T100_STATUS_TO_CANONICAL[raw.trim()];
}

/** Every raw code that maps to a canonical status (list filters send `status IN (...)`). */
export function rawStatusesOf(status: DocumentStatus): string[] {
  return Object.entries(T100_STATUS_TO_CANONICAL)
    .filter(([, canonical]) => canonical === status)
    .map(([raw]) => raw);
}

/** T100's status codec for the shared std_data mapping. */
export const T100_STATUS: StatusCodec = { canonical: canonicalStatus, rawOf: rawStatusesOf, name: 'T100 status code' };
