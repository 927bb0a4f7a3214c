/**
 * Document lifecycles in canonical statuses, shared by the gateway (checks before any ERP call) and the
 * sandbox ERPs (which enforce them on their own raw status codes). Patterns follow protocols/digiwin.md §3.2:
 * W (work order), B (approve then post), A (approve only), A1 (approve only, no disapprove).
 */
import type { Action, Composite, DocumentStatus, LifecycleName } from './types';

export interface Transition {
  /** Statuses the action is legal from; empty for create. */
  readonly from: readonly DocumentStatus[];
  /** The status after the action; null when the document is removed (delete). */
  readonly to: DocumentStatus | null;
}

export type Lifecycle = Partial<Record<Action, Transition>>;

const editable = {
  create: { from: [], to: 'UNAPPROVED' },
  update: { from: ['UNAPPROVED'], to: 'UNAPPROVED' },
  delete: { from: ['UNAPPROVED'], to: null },
  approve: { from: ['UNAPPROVED'], to: 'APPROVED' },
  void: { from: ['UNAPPROVED'], to: 'VOID' },
} as const satisfies Lifecycle;

export const LIFECYCLES: Record<LifecycleName, Lifecycle> = {
  workOrder: {
    ...editable,
    disapprove: { from: ['APPROVED'], to: 'UNAPPROVED' },
    issue: { from: ['APPROVED'], to: 'ISSUED' },
    unissue: { from: ['ISSUED'], to: 'APPROVED' },
  },
  approveThenPost: {
    ...editable,
    disapprove: { from: ['APPROVED'], to: 'UNAPPROVED' },
    post: { from: ['APPROVED'], to: 'POSTED' },
    unpost: { from: ['POSTED'], to: 'APPROVED' },
  },
  approveOnly: {
    ...editable,
    disapprove: { from: ['APPROVED'], to: 'UNAPPROVED' },
  },
  approveOnlyNoDisapprove: { ...editable },
  approveNoVoid: {
    create: editable.create,
    update: editable.update,
    delete: editable.delete,
    approve: editable.approve,
    disapprove: { from: ['APPROVED'], to: 'UNAPPROVED' },
  },
  confirmedOnCreate: {
    create: { from: [], to: 'APPROVED' },
    delete: { from: ['APPROVED'], to: null },
  },
};

/** The actions a lifecycle has, in the catalog's action order. */
export function actionsOf(lifecycle: LifecycleName): Action[] {
  return Object.keys(LIFECYCLES[lifecycle]) as Action[];
}

export type TransitionCheck =
  | { readonly ok: true; readonly to: DocumentStatus | null }
  | { readonly ok: false; readonly reason: 'NO_SUCH_ACTION' | 'ILLEGAL_FROM_STATUS' };

/** Pure check of one step: is `action` legal for a document of `lifecycle` in status `from`? */
export function checkTransition(
  lifecycle: LifecycleName,
  from: DocumentStatus | null,
  action: Action,
): TransitionCheck {
  const transition = LIFECYCLES[lifecycle][action];
  if (!transition) return { ok: false, reason: 'NO_SUCH_ACTION' };
  if (action === 'create') return from === null ? { ok: true, to: transition.to } : { ok: false, reason: 'ILLEGAL_FROM_STATUS' };
  if (from === null || !transition.from.includes(from)) return { ok: false, reason: 'ILLEGAL_FROM_STATUS' };
  return { ok: true, to: transition.to };
}

/** Forward steps of a composite, in order. */
export const COMPOSITE_STEPS: Record<Exclude<Composite, 'reverse'>, readonly Action[]> = {
  createAndApprove: ['create', 'approve'],
  createAndPost: ['create', 'approve', 'post'],
};

/** Which composites a lifecycle supports: every forward step must exist. `reverse` needs `void`, or else `delete`. */
export function compositesOf(lifecycle: LifecycleName): Composite[] {
  // Confirmed as it is created: both forward composites are the one create (the ERP's customized row says so).
  if (lifecycle === 'confirmedOnCreate') return ['createAndApprove', 'createAndPost', 'reverse'];
  const actions = LIFECYCLES[lifecycle];
  const result: Composite[] = [];
  for (const [composite, steps] of Object.entries(COMPOSITE_STEPS) as [Composite, readonly Action[]][]) {
    if (steps.every((step) => actions[step])) result.push(composite);
  }
  // Without a void, reverse deletes where it can (design §2: Kingdee disapproves then deletes).
  if (actions.void || actions.delete) result.push('reverse');
  return result;
}

const BACKWARD_ACTIONS: readonly Action[] = ['unpost', 'unissue', 'disapprove', 'void'];

/** Every backward action a lifecycle has, in the order `reverse` takes them (a given document needs a suffix). */
export function reverseSteps(lifecycle: LifecycleName): Action[] {
  const actions = LIFECYCLES[lifecycle];
  return [...BACKWARD_ACTIONS, ...(actions.void ? [] : (['delete'] as const))].filter((action) => actions[action]);
}

/**
 * The shortest chain of backward actions that takes a document from `from` to VOID
 * (posted: unpost → disapprove → void); in a lifecycle without void, to its deletion (approved: disapprove →
 * delete). Null when no chain exists (already VOID, CLOSED, or neither void nor delete).
 */
export function reversePlan(lifecycle: LifecycleName, from: DocumentStatus): Action[] | null {
  const actions = LIFECYCLES[lifecycle];
  const backward: readonly Action[] = actions.void ? BACKWARD_ACTIONS : [...BACKWARD_ACTIONS, 'delete'];
  const queue: { status: DocumentStatus; path: Action[] }[] = [{ status: from, path: [] }];
  const seen = new Set<DocumentStatus>([from]);
  while (queue.length > 0) {
    const { status, path } = queue.shift()!;
    for (const action of backward) {
      const transition = actions[action];
      if (!transition || !transition.from.includes(status)) continue;
      const next = [...path, action];
      if (transition.to === null) return next;
      if (transition.to === 'VOID') return next;
      if (!seen.has(transition.to)) {
        seen.add(transition.to);
        queue.push({ status: transition.to, path: next });
      }
    }
  }
  return null;
}
