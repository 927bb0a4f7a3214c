/**
 * Descriptions generated from the catalog, for the SDL (and so GraphiQL's docs pane): what a mutation does to the
 * status, which ERP API it calls or which saga it runs, and its side effects. Pure: catalog in, text out.
 */
import { ERPS, resolvedRows, sagaStepsFor } from './index';
import { COMPOSITE_STEPS, LIFECYCLES, reverseSteps } from './lifecycle';
import type { Action, Composite, DocumentKind, FieldSpec } from './types';

const ACTION_TEXT: Record<Action, string> = {
  create: 'Creates',
  update: 'Changes',
  delete: 'Deletes',
  approve: 'Approves (審核)',
  disapprove: 'Withdraws the approval of (撤銷審核)',
  issue: 'Issues to the floor (發出)',
  unissue: 'Withdraws the issue of (發出還原)',
  post: 'Posts (過帳)',
  unpost: 'Reverses the posting of (過帳還原)',
  void: 'Voids (作廢)',
};

function erpLabel(erp: string): string {
  return erp === 't100' ? 'T100' : erp === 'tiptop' ? 'TIPTOP' : erp.charAt(0).toUpperCase() + erp.slice(1);
}

function transitionText(kind: DocumentKind, action: Action): string {
  const transition = LIFECYCLES[kind.lifecycle][action];
  if (!transition) return '';
  if (action === 'create') return `The new document is ${transition.to}.`;
  const from = transition.from.join(' or ');
  return transition.to === null ? `Only from ${from}; the document is removed.` : `Status: ${from} → ${transition.to}.`;
}

/**
 * Per ERP: what one mutation calls — every row (per program, or an alternative a connection opts into), and the
 * gateway saga where one applies, e.g. `T100: API t100.oapi.wo.stockin.data.post (過帳完工入庫單)`.
 */
function apisOf(kind: DocumentKind, operation: Action | Composite): string[] {
  const lines: string[] = [];
  for (const erp of ERPS) {
    if (!kind.erps[erp]) continue;
    for (const row of resolvedRows(kind, erp).filter((candidate) => candidate.operation === operation)) {
      const scope = [
        row.programs.length > 0 ? `for ${row.programs.join('/')}` : '',
        row.alternative ? 'where the connection lists it in customizedActions' : '',
      ].filter(Boolean);
      const what = row.kind === 'CUSTOMIZED' ? 'one call to the customized API' : 'API';
      lines.push(`${erpLabel(erp)}${scope.length > 0 ? ` (${scope.join(', ')})` : ''}: ${what} \`${row.api}\`${row.description ? ` (${row.description})` : ''}.`);
    }
    const steps = sagaStepsFor(kind, erp, operation as Composite);
    if (steps) lines.push(`${erpLabel(erp)}: gateway saga ${steps.map((step) => `${step.action} (\`${step.apiName}\`)`).join(' → ')}.`);
  }
  return lines;
}

const REVERSE_TEXT =
  'Backs the document out to VOID from whatever status it is really in — POSTED: unpost → disapprove → void; ' +
  'ISSUED: unissue → disapprove → void; APPROVED: disapprove → void; UNAPPROVED: void — leaving no counter-document. On an ERP without void it ends by deleting the document instead (the payload then answers no document). ';

const REVERSE_STOP_TEXT =
  'Where the ERP has no customized API, the gateway runs the backward steps the status needs; if one fails, it stops ' +
  'there and answers that step\'s error, with the steps done, the failed one and the SKIPPED rest in `steps`.';

const SAGA_TEXT =
  'Where the ERP has no customized API, the gateway runs the steps in order; if a later step fails it compensates ' +
  'the earlier ones back to VOID and answers COMPENSATED with every step in `steps`.';

/** The description of the mutation `<mutation><Type>`. */
export function describeMutation(kind: DocumentKind, mutation: Action | Composite): string {
  const parts: string[] = [];
  if (mutation === 'reverse') {
    const steps = reverseSteps(kind.lifecycle).join(' → ');
    parts.push(`${REVERSE_TEXT}(This lifecycle's backward steps: ${steps}.)`);
  } else if (mutation === 'createAndApprove' || mutation === 'createAndPost') {
    const steps = COMPOSITE_STEPS[mutation];
    const target = LIFECYCLES[kind.lifecycle][steps.at(-1)!]?.to;
    parts.push(`Creates a ${kind.type} and takes it to ${target} in one mutation (${steps.join(' → ')}).`);
    const effects = steps.map((step) => kind.effects?.[step]).filter(Boolean);
    if (effects.length > 0) parts.push(effects.join(' '));
  } else {
    parts.push(`${ACTION_TEXT[mutation]} a ${kind.type}. ${transitionText(kind, mutation)}`);
    if (kind.effects?.[mutation]) parts.push(kind.effects[mutation]!);
  }
  parts.push(...apisOf(kind, mutation));
  if (mutation === 'createAndApprove' || mutation === 'createAndPost') parts.push(SAGA_TEXT);
  if (mutation === 'reverse') parts.push(REVERSE_STOP_TEXT);
  if (mutation !== 'create' && mutation !== 'createAndApprove' && mutation !== 'createAndPost') {
    parts.push('A step the lifecycle does not allow is refused with INVALID_TRANSITION before any ERP call.');
  }
  return parts.join(' ');
}

/** `<composite><Type>Batch`. */
export function describeBatch(kind: DocumentKind, mutation: 'create' | Composite, maxItems: number): string {
  return (
    `Runs ${mutation}${kind.type} for up to ${maxItems} items, each independently under its own idempotency key ` +
    '(bounded concurrency per connection): one refused item never hides another item\'s result. Answers one payload ' +
    'per item, in the order of the items. A retried batch replays the items already done.'
  );
}

/** A per-kind field: its catalog description, and whether the gateway computes or the ERP fills it. */
export function describeKindField(field: FieldSpec): string {
  return field.input === false ? `${field.description} Set by the ERP.` : field.description;
}
