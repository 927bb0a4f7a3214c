/**
 * Digiwin OpenAPI rows from the naming rule of protocols/digiwin.md §4.1 (`{prefix}.{stem}.{suffix}`, prefix
 * `t100.oapi` for seed 000, `tt.oapi` for seed 001) and each seed's wording of an API's description (創建X,
 * 查詢X列表 …; seed 001 writes 查詢X資料列表 and 讀取X明細資料). The catalog test checks every name and description
 * this yields against the seeds themselves, so the rule cannot drift from them.
 */
import { LIFECYCLES } from './lifecycle';
import { ACTIONS, type Action, type LifecycleName, type OperationRow, type ReadOperation } from './types';

type RowOperation = Action | ReadOperation;

const SUFFIX: Record<RowOperation, string> = {
  create: 'data.create',
  update: 'data.update',
  list: 'list.data.query.get',
  read: 'details.data.read.get',
  approve: 'data.approve',
  issue: 'data.issue',
  post: 'data.post',
  delete: 'data.delete',
  disapprove: 'data.disapprove',
  unissue: 'data.unissue',
  unpost: 'data.dispost',
  void: 'data.invalid',
};

const WORDING: Record<RowOperation, (name: string) => string> = {
  create: (name) => `創建${name}`,
  update: (name) => `更新${name}`,
  list: (name) => `查詢${name}列表`,
  read: (name) => `讀取${name}明細`,
  approve: (name) => `審核${name}`,
  issue: (name) => `發出${name}`,
  post: (name) => `過帳${name}`,
  delete: (name) => `刪除${name}`,
  disapprove: (name) => `撤銷審核${name}`,
  unissue: (name) => `發出還原${name}`,
  unpost: (name) => `過帳還原${name}`,
  void: (name) => `作廢${name}`,
};

/** Seed 001's own wording where it differs from seed 000's. */
const TIPTOP_WORDING: Partial<Record<RowOperation, (name: string) => string>> = {
  list: (name) => `查詢${name}資料列表`,
  read: (name) => `讀取${name}明細資料`,
};

function openApis(
  prefix: string,
  wording: Partial<Record<RowOperation, (name: string) => string>>,
  stem: string,
  name: string,
  lifecycle: LifecycleName,
): Partial<Record<RowOperation, OperationRow>> {
  const actions = ACTIONS.filter((action) => LIFECYCLES[lifecycle][action] !== undefined);
  const operations: RowOperation[] = ['read', 'list', ...actions];
  return Object.fromEntries(
    operations.map((operation) => [operation, { api: `${prefix}.${stem}.${SUFFIX[operation]}`, description: (wording[operation] ?? WORDING[operation])(name) }]),
  ) as Partial<Record<RowOperation, OperationRow>>;
}

/**
 * The OpenAPI rows of one T100 document: read, list and every action of its lifecycle (the T100 patterns of §3.2
 * and §4.1 are the lifecycles: A approveOnly, A1 approveOnlyNoDisapprove, B approveThenPost, W workOrder).
 */
export function t100OpenApis(stem: string, name: string, lifecycle: LifecycleName): Partial<Record<RowOperation, OperationRow>> {
  return openApis('t100.oapi', {}, stem, name, lifecycle);
}

/** The `tt.oapi` rows of one TIPTOP GP document (seed 001): read, list and every action of its lifecycle. */
export function tiptopOpenApis(stem: string, name: string, lifecycle: LifecycleName): Partial<Record<RowOperation, OperationRow>> {
  return openApis('tt.oapi', TIPTOP_WORDING, stem, name, lifecycle);
}

export const T100_BINDING_DEFAULTS = {
  standard: '互聯中台標準規範',
  defaults: { kind: 'OPEN_API', formats: ['JSON', 'XML'] },
} as const;

/** TIPTOP's OpenAPIs use the integration-platform standard; its customized APIs name their own (per row). */
export const TIPTOP_BINDING_DEFAULTS = T100_BINDING_DEFAULTS;

/** The standard of TIPTOP's customized APIs (seed 001: TIPTOP自訂標準規範). */
export const TIPTOP_CUSTOM_STANDARD = 'TIPTOP自訂標準規範';
