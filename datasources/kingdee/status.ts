/**
 * STK_MisDelivery's FDocumentStatus (protocols/others.md §1.4, design §2): Z draft, A created, B submitted and
 * D re-audit are UNAPPROVED; C audited is APPROVED. The letter is kept as rawStatus / erpStatus.
 */
import type { DocumentStatus } from '../../src/catalog/types';

const CANONICAL: ReadonlyMap<string, DocumentStatus> = new Map([
  ['Z', 'UNAPPROVED'],
  ['A', 'UNAPPROVED'],
  ['B', 'UNAPPROVED'],
  ['C', 'APPROVED'],
  ['D', 'UNAPPROVED'],
]);

export function kingdeeStatus(raw: string): DocumentStatus | undefined {
  return CANONICAL.get(raw.trim().toUpperCase());
}

/** The letters of the canonical statuses asked for (none for VOID, POSTED …: Kingdee bills are never in them). */
export function rawStatusesOf(statuses: readonly DocumentStatus[]): string[] {
  return [...CANONICAL].filter(([, canonical]) => statuses.includes(canonical)).map(([raw]) => raw);
}
