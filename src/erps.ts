/** The ERP families this gateway speaks: one line each (docs/architecture.md, "Adding an ERP"). */
import type { Erp } from './catalog/types';
import type { ErpFamily } from './erp-family';
import { t100Family } from '../datasources/t100/family';

export const ERP_FAMILIES: readonly ErpFamily[] = [t100Family];

const byErp = new Map(ERP_FAMILIES.map((family) => [family.erp, family]));

export function erpFamily(erp: Erp): ErpFamily | undefined {
  return byErp.get(erp);
}
