/** The T100 sandbox's per-kind knowledge, one file per document kind (registered here, found by type). */
import { stockInSandbox } from './stock-in';
import type { T100SandboxKind } from './types';
import { workOrderSandbox } from './work-order';

export type { QuantityCap, SampleDocument, T100SandboxKind } from './types';

export const T100_SANDBOX_KINDS: readonly T100SandboxKind[] = [workOrderSandbox, stockInSandbox];

const byType = new Map(T100_SANDBOX_KINDS.map((kind) => [kind.type, kind]));

export function sandboxKind(type: string): T100SandboxKind | undefined {
  return byType.get(type);
}
