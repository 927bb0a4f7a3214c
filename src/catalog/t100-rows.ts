/**
 * T100 OpenAPI rows from the naming rule of protocols/digiwin.md §4.1 (`t100.oapi.{stem}.{suffix}`) and the seed's
 * wording of each API's description (創建X, 查詢X列表 …). The catalog test checks every name and description this
 * yields against seed 000 itself, so the rule cannot drift from the seed.
 */
import { LIFECYCLES } from './lifecycle';
import { ACTIONS, type Action, type LifecycleName, type OperationRow, type ReadOperation } from './types';

const SUFFIX: Record<Action | ReadOperation, string> = {
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

const WORDING: Record<Action | ReadOperation, (name: string) => string> = {
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

/**
 * The OpenAPI rows of one T100 document: read, list and every action of its lifecycle (the T100 patterns of §3.2
 * and §4.1 are the lifecycles: A approveOnly, A1 approveOnlyNoDisapprove, B approveThenPost, W workOrder).
 */
export function t100OpenApis(stem: string, name: string, lifecycle: LifecycleName): Partial<Record<Action | ReadOperation, OperationRow>> {
  const actions = ACTIONS.filter((action) => LIFECYCLES[lifecycle][action] !== undefined);
  const operations: (Action | ReadOperation)[] = ['read', 'list', ...actions];
  return Object.fromEntries(
    operations.map((operation) => [operation, { api: `t100.oapi.${stem}.${SUFFIX[operation]}`, description: WORDING[operation](name) }]),
  ) as Partial<Record<Action | ReadOperation, OperationRow>>;
}


export const T100_BINDING_DEFAULTS = {
  standard: '互聯中台標準規範',
  defaults: { kind: 'OPEN_API', formats: ['JSON', 'XML'] },
} as const;
