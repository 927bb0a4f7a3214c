/**
 * The gateway reference where it must share the remark (design §2, "the gateway reference"): the client's remark,
 * then ` [gw:<ref>]` — or `gw:<ref>` alone when there is no remark (the form protocols/digiwin.md §2.5's example
 * writes) — stripped again on read, so the client reads back the remark it wrote. TIPTOP misc documents keep it in
 * `ina07`, Kingdee bills in `FNote`.
 */
export function remarkWithReference(remark: string | null | undefined, reference: string): string {
  return remark && remark.trim() !== '' ? `${remark} [gw:${reference}]` : `gw:${reference}`;
}

export function remarkWithoutReference(stored: string | null | undefined): string | null {
  if (stored === null || stored === undefined) return null;
  const stripped = stored.replace(/ \[gw:[^\]\s]+\]$/, '').replace(/^gw:\S+$/, '');
  return stripped === '' ? null : stripped;
}

/** What a stored remark is searched for (`LIKE %…%`) to find the document carrying a reference. */
export function referenceNeedle(reference: string): string {
  return `gw:${reference}`;
}
