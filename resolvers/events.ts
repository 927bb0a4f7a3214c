/**
 * Business-event mutations (src/catalog/events.ts): one customized call, several documents, one payload with each.
 * The event's line fields go to the ERP as the line fields its catalog entry names for that ERP.
 */
import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { CanonicalInput, CanonicalLine } from '../src/catalog/canonical';
import { documentKind } from '../src/catalog';
import { parseDecimal, signOf } from '../src/catalog/decimal';
import { BUSINESS_EVENTS, type BusinessEvent } from '../src/catalog/events';
import { datasourceFor, type GatewayContext } from '../src/context';
import { BadUserInputError, UnsupportedActionError } from '../src/errors';
import { runCreateComposite } from '../src/saga/composite';
import { runSaga } from '../src/saga/journaled';
import { eventTypes } from '../schema/events';
import type { ErpDatasource } from '../datasources/types';
import { validateInput } from './actions';
import { sagaStart } from './gateway-reference';
import { toNode } from './nodes';
import { payloadOf, type Payload } from './payload';

type ResolverClass = new () => object;

/** Event line fields → wire fields the gateway adds to the line under the connection's ERP names, checked first. */
function eventInput(event: BusinessEvent, datasource: ErpDatasource, input: CanonicalInput): CanonicalInput {
  const lines = (input.lines ?? []).map((line, index) => {
    const rest = { ...(line as CanonicalLine & Record<string, unknown>) };
    const extra: Record<string, unknown> = Object.create(null);
    for (const field of event.lineFields) {
      const value = (line as unknown as Record<string, unknown>)[field.name];
      delete (rest as Record<string, unknown>)[field.name];
      if (value === undefined || value === null) continue;
      const decimal = parseDecimal(value);
      if (decimal === undefined || signOf(decimal) < 0 || Number(decimal) > Number(line.quantity)) {
        throw new BadUserInputError(`input.lines[${index}].${field.name}`, `${field.name} must be from 0 to the line's quantity`);
      }
      const wire = field.wire[datasource.erp];
      if (!wire) throw new UnsupportedActionError(event.document, event.composite, datasource.connection, datasource.erp);
      extra[wire] = Number(decimal);
    }
    return { ...rest, ...(Object.keys(extra).length > 0 ? { gatewayFields: extra } : {}) } as CanonicalLine;
  });
  return { ...input, lines };
}

function eventResolver(event: BusinessEvent): ResolverClass {
  const kind = documentKind(event.document)!;
  const { input, payload } = eventTypes(event);
  @Resolver()
  class EventMutation {
    @Mutation(() => payload, { name: event.name, nullable: true, description: event.description })
    run(
      @Ctx() context: GatewayContext,
      @Arg('input', () => input, { description: 'What was delivered.' }) inputArg: CanonicalInput,
      @Arg('connection', () => ID, { nullable: true, description: 'Connection (ERP instance) to use; default routing from config when omitted.' }) connectionId?: string,
      @Arg('idempotencyKey', () => String, { nullable: true, description: 'Client key for safe retries (or the Idempotency-Key header on a single mutation).' })
      idempotencyKey?: string,
    ): Promise<Payload> {
      const key = idempotencyKey ?? context.idempotencyKey;
      const plain = JSON.parse(JSON.stringify(inputArg ?? {})) as CanonicalInput;
      return payloadOf(
        context,
        kind,
        { field: event.name, key, args: { connection: connectionId ?? null, input: plain } },
        () => {
          const datasource = datasourceFor(context, kind, connectionId);
          // The event is the one-call API: an ERP without it cannot book it as one transaction.
          if (!datasource.hasCustomized(kind, event.composite)) throw new UnsupportedActionError(kind.type, event.composite, datasource.connection, datasource.erp);
          return { datasource, input: validateInput(kind, eventInput(event, datasource, plain), 'create') };
        },
        async ({ datasource, input: valid }, attempt) => {
          const { start, reference } = sagaStart(context, kind, datasource, { field: event.name, composite: event.composite, key, input: valid, docNo: null });
          const outcome = await runSaga(context.runtime, start, datasource, (journaled) =>
            runCreateComposite(kind, journaled, event.composite, { input: valid, reference, retry: attempt.retry }),
          );
          const document = toNode(kind, datasource, outcome.document);
          const related = outcome.related?.map((entry) => toNode(entry.kind, datasource, entry.document)) ?? [document];
          return { document, related, steps: outcome.steps };
        },
      );
    }
  }
  return EventMutation;
}

export function eventResolvers(): ResolverClass[] {
  return BUSINESS_EVENTS.map(eventResolver);
}
