import fc from 'fast-check';
import { checkTransition, LIFECYCLES, reversePlan } from './lifecycle';
import { ACTIONS, DOCUMENT_STATUSES, type Action, type DocumentStatus, type LifecycleName } from './types';

/**
 * The full (status, action) table of each lifecycle: legal steps name the status they lead to ("-" = removed),
 * illegal ones are ".", actions the lifecycle lacks are "x". Rows are the statuses in DOCUMENT_STATUSES order,
 * columns the actions in ACTIONS order (create … void). protocols/digiwin.md §3.2.
 */
const TABLES: Record<LifecycleName, string> = {
  //            create  update     delete approve    disapprove issue   unissue  post    unpost   void
  workOrder: `
    UNAPPROVED  .       UNAPPROVED -      APPROVED   .          .       .        x       x        VOID
    APPROVED    .       .          .      .          UNAPPROVED ISSUED  .        x       x        .
    ISSUED      .       .          .      .          .          .       APPROVED x       x        .
    POSTED      .       .          .      .          .          .       .        x       x        .
    CLOSED      .       .          .      .          .          .       .        x       x        .
    VOID        .       .          .      .          .          .       .        x       x        .`,
  approveThenPost: `
    UNAPPROVED  .       UNAPPROVED -      APPROVED   .          x       x        .       .        VOID
    APPROVED    .       .          .      .          UNAPPROVED x       x        POSTED  .        .
    ISSUED      .       .          .      .          .          x       x        .       .        .
    POSTED      .       .          .      .          .          x       x        .       APPROVED .
    CLOSED      .       .          .      .          .          x       x        .       .        .
    VOID        .       .          .      .          .          x       x        .       .        .`,
  approveOnly: `
    UNAPPROVED  .       UNAPPROVED -      APPROVED   .          x       x        x       x        VOID
    APPROVED    .       .          .      .          UNAPPROVED x       x        x       x        .
    ISSUED      .       .          .      .          .          x       x        x       x        .
    POSTED      .       .          .      .          .          x       x        x       x        .
    CLOSED      .       .          .      .          .          x       x        x       x        .
    VOID        .       .          .      .          .          x       x        x       x        .`,
  approveOnlyNoDisapprove: `
    UNAPPROVED  .       UNAPPROVED -      APPROVED   x          x       x        x       x        VOID
    APPROVED    .       .          .      .          x          x       x        x       x        .
    ISSUED      .       .          .      .          x          x       x        x       x        .
    POSTED      .       .          .      .          x          x       x        x       x        .
    CLOSED      .       .          .      .          x          x       x        x       x        .
    VOID        .       .          .      .          x          x       x        x       x        .`,
  approveNoVoid: `
    UNAPPROVED  .       UNAPPROVED -      APPROVED   .          x       x        x       x        x
    APPROVED    .       .          .      .          UNAPPROVED x       x        x       x        x
    ISSUED      .       .          .      .          .          x       x        x       x        x
    POSTED      .       .          .      .          .          x       x        x       x        x
    CLOSED      .       .          .      .          .          x       x        x       x        x
    VOID        .       .          .      .          .          x       x        x       x        x`,
  confirmedOnCreate: `
    UNAPPROVED  .       x          .      x          x          x       x        x       x        x
    APPROVED    .       x          -      x          x          x       x        x       x        x
    ISSUED      .       x          .      x          x          x       x        x       x        x
    POSTED      .       x          .      x          x          x       x        x       x        x
    CLOSED      .       x          .      x          x          x       x        x       x        x
    VOID        .       x          .      x          x          x       x        x       x        x`,
};

function expected(lifecycle: LifecycleName): [DocumentStatus, Action, string][] {
  const rows = TABLES[lifecycle].trim().split('\n').map((line) => line.trim().split(/\s+/));
  return rows.flatMap(([status, ...cells]) => cells.map((cell, index) => [status as DocumentStatus, ACTIONS[index], cell] as [DocumentStatus, Action, string]));
}

function actual(lifecycle: LifecycleName, from: DocumentStatus, action: Action): string {
  const check = checkTransition(lifecycle, from, action);
  if (check.ok) return check.to ?? '-';
  return check.reason === 'NO_SUCH_ACTION' ? 'x' : '.';
}

describe('checkTransition', () => {
  for (const lifecycle of Object.keys(TABLES) as LifecycleName[]) {
    it(`follows the ${lifecycle} table for every (status, action) pair`, () => {
      const cases = expected(lifecycle);
      expect(cases).toHaveLength(DOCUMENT_STATUSES.length * ACTIONS.length);
      for (const [from, action, cell] of cases) expect(`${from}.${action}=${actual(lifecycle, from, action)}`).toBe(`${from}.${action}=${cell}`);
    });
  }

  it('allows create only for a document that does not exist yet', () => {
    expect(checkTransition('approveThenPost', null, 'create')).toEqual({ ok: true, to: 'UNAPPROVED' });
    expect(checkTransition('approveThenPost', null, 'approve')).toEqual({ ok: false, reason: 'ILLEGAL_FROM_STATUS' });
  });

  it('lands any sequence of actions in a legal status or refuses the step, never anything else', () => {
    const lifecycles = Object.keys(LIFECYCLES) as LifecycleName[];
    fc.assert(
      fc.property(fc.constantFrom(...lifecycles), fc.array(fc.constantFrom(...ACTIONS), { maxLength: 30 }), (lifecycle, actions) => {
        let status: DocumentStatus | null = null;
        for (const action of actions) {
          const check = checkTransition(lifecycle, status, action);
          if (!check.ok) continue;
          if (check.to === null) return true; // deleted: nothing further applies
          expect(DOCUMENT_STATUSES).toContain(check.to);
          status = check.to;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
});

describe('reversePlan', () => {
  it('backs a posted stock-in out as unpost, disapprove, void', () => {
    expect(reversePlan('approveThenPost', 'POSTED')).toEqual(['unpost', 'disapprove', 'void']);
  });

  it('backs an issued work order out as unissue, disapprove, void', () => {
    expect(reversePlan('workOrder', 'ISSUED')).toEqual(['unissue', 'disapprove', 'void']);
  });

  it('voids an unapproved document directly and has no plan for a void or closed one', () => {
    expect(reversePlan('approveThenPost', 'UNAPPROVED')).toEqual(['void']);
    expect(reversePlan('approveThenPost', 'VOID')).toBeNull();
    expect(reversePlan('workOrder', 'CLOSED')).toBeNull();
  });

  it('cannot back out an approved document whose lifecycle has no disapprove', () => {
    expect(reversePlan('approveOnlyNoDisapprove', 'APPROVED')).toBeNull();
    // No void: undone by deleting, after un-approving (Kingdee: UnAudit, then Delete).
    expect(reversePlan('approveNoVoid', 'APPROVED')).toEqual(['disapprove', 'delete']);
    expect(reversePlan('approveNoVoid', 'UNAPPROVED')).toEqual(['delete']);
  });

  it('only ever plans legal steps that end in VOID, or in the deletion where the lifecycle has no void', () => {
    for (const lifecycle of Object.keys(LIFECYCLES) as LifecycleName[]) {
      for (const from of DOCUMENT_STATUSES) {
        const plan = reversePlan(lifecycle, from);
        if (!plan) continue;
        let status: DocumentStatus | null = from;
        for (const action of plan) {
          const check = checkTransition(lifecycle, status, action);
          expect(check.ok).toBe(true);
          status = (check as { to: DocumentStatus | null }).to;
        }
        expect(status).toBe(LIFECYCLES[lifecycle].void ? 'VOID' : null);
      }
    }
  });
});
