/**
 * The saga journal as operators see it (design §2): `sagas(state, first, after)` and `resolveSaga(id, action)`.
 */
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { SAGA_ACTIONS, SAGA_STATES, type SagaAction, type SagaState } from '../src/saga/journal';
import { PageInfo, SagaStep, UserError } from './common';
import { DocumentTypeEnum } from './enums';
import { DateTimeScalar } from './scalars';

const STATE_DESCRIPTIONS: Record<SagaState, string> = {
  RUNNING: 'Under way (or its gateway stopped mid-way: the next start drives it to its end).',
  COMPLETED: 'Every step done (or marked resolved by an operator).',
  COMPENSATED: 'Rolled back: what it created is VOID in the ERP.',
  FAILED: 'Stopped before the ERP changed anything; nothing to undo.',
  NEEDS_ATTENTION: 'May be half-done in the ERP: an operator decides with resolveSaga.',
  SUPERSEDED: 'A retry under the same idempotency key took over; see the newer saga with the same reference.',
};
const ACTION_DESCRIPTIONS: Record<SagaAction, string> = {
  RETRY: 'Run it again from what the ERP holds (found by its reference): the steps still missing are done.',
  COMPENSATE: 'Back its document out to VOID from whatever status it reached.',
  MARK_RESOLVED: 'Someone fixed it by hand in the ERP: record it as completed, with no ERP call.',
};

export const SagaStateEnum = Object.fromEntries(SAGA_STATES.map((state) => [state, state])) as Record<SagaState, SagaState>;
registerEnumType(SagaStateEnum, {
  name: 'SagaState',
  description: 'Where a composite run stands in the journal.',
  valuesConfig: Object.fromEntries(SAGA_STATES.map((state) => [state, { description: STATE_DESCRIPTIONS[state] }])),
});
export const SagaActionEnum = Object.fromEntries(SAGA_ACTIONS.map((action) => [action, action])) as Record<SagaAction, SagaAction>;
registerEnumType(SagaActionEnum, {
  name: 'SagaAction',
  description: "An operator's decision on a saga that needs attention.",
  valuesConfig: Object.fromEntries(SAGA_ACTIONS.map((action) => [action, { description: ACTION_DESCRIPTIONS[action] }])),
});

@ObjectType('Saga', { description: 'One composite run (createAndApprove, createAndPost, reverse, or a business event) as the journal holds it.' })
export class Saga {
  @Field(() => ID, { description: 'Journal id; resolveSaga takes it.' }) id!: string;
  @Field(() => DocumentTypeEnum, { description: 'Document type.' }) document!: string;
  @Field(() => ID, { description: 'The gateway connection (ERP instance).' }) connection!: string;
  @Field(() => String, { description: 'The composite: createAndApprove, createAndPost or reverse.' }) composite!: string;
  @Field(() => SagaStateEnum, { description: 'Where it stands.' }) state!: SagaState;
  @Field(() => String, { nullable: true, description: 'The document it created or acted on, once known.' }) docNo?: string | null;
  @Field(() => String, { description: 'The gateway reference stored with what it created (T100 source_no).' }) reference!: string;
  @Field(() => String, { nullable: true, description: 'The idempotency key of the mutation that started it.' }) idempotencyKey?: string | null;
  @Field(() => [SagaStep], { description: 'Every ERP call, journaled before it was sent (PENDING) and after it was answered.' }) steps!: SagaStep[];
  @Field(() => String, { nullable: true, description: 'Why it stopped, for people.' }) message?: string | null;
  @Field(() => SagaActionEnum, { nullable: true, description: 'The last operator decision taken on it.' }) resolution?: SagaAction | null;
  @Field(() => DateTimeScalar, { description: 'When it started.' }) startedAt!: Date;
  @Field(() => DateTimeScalar, { description: 'When the journal last changed it.' }) updatedAt!: Date;
}

@ObjectType('SagaEdge', { description: 'A saga and its cursor.' })
export class SagaEdge {
  @Field(() => String, { description: 'Cursor: `after` it pages on.' }) cursor!: string;
  @Field(() => Saga, { description: 'The saga.' }) node!: Saga;
}

@ObjectType('SagaConnection', { description: 'A page of sagas, newest first.' })
export class SagaConnection {
  @Field(() => [SagaEdge], { description: 'The sagas of this page.' }) edges!: SagaEdge[];
  @Field(() => PageInfo, { description: 'Where the page sits.' }) pageInfo!: PageInfo;
}

@ObjectType('ResolveSagaPayload', { description: 'The saga after an operator decision, and why the decision did not finish it, if it did not.' })
export class ResolveSagaPayload {
  @Field(() => Saga, { nullable: true, description: 'The saga as it stands now.' }) saga?: Saga | null;
  @Field(() => [UserError], { description: 'Why the decision was refused or did not finish the saga; empty when it did.' }) userErrors!: UserError[];
}
