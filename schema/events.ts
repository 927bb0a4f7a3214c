/**
 * GraphQL classes of business events (src/catalog/events.ts): `<Name>Input` (the document's input with event line
 * fields) and `<Name>Payload` (one field per document the call creates). Nothing here names an event.
 */
import { Field, InputType, ObjectType } from 'type-graphql';
import { documentKind, operationFor } from '../src/catalog';
import type { BusinessEvent } from '../src/catalog/events';
import type { DocumentKind } from '../src/catalog/types';
import { DOCUMENT_INPUT_FIELDS, DocumentLineInput, IdempotencyResult, SagaStep, UserError } from './common';
import { capitalize, documentTypes, graphqlType } from './documents';
import { DecimalScalar } from './scalars';

type ClassType = new (...args: never[]) => object;

function named<T extends ClassType>(name: string, cls: T): T {
  Object.defineProperty(cls, 'name', { value: name });
  return cls;
}

function field(target: ClassType, name: string, type: () => unknown, description: string, nullable = true): void {
  Field(type as () => StringConstructor, { nullable, description })(target.prototype, name);
}

/** The kinds an event answers: the results of its document's customized row (on any ERP), in creation order. */
function eventKinds(event: BusinessEvent): DocumentKind[] {
  const kind = documentKind(event.document)!;
  const erps = Object.keys(kind.erps) as (keyof typeof kind.erps)[];
  const results = erps.map((erp) => operationFor(kind, erp, event.composite)?.shape.results).find((found) => found && found.length > 0) ?? [];
  return results.map((result) => documentKind(result.type)!).filter(Boolean);
}

export interface EventTypes {
  readonly input: ClassType;
  readonly payload: ClassType;
}

const cache = new Map<string, EventTypes>();

export function eventTypes(event: BusinessEvent): EventTypes {
  const cached = cache.get(event.name);
  if (cached) return cached;
  const name = capitalize(event.name);
  const kind = documentKind(event.document)!;

  // The line input: a document line plus the event's own line fields.
  const line = named(`${name}LineInput`, class extends DocumentLineInput {});
  for (const extra of event.lineFields) field(line, extra.name, () => DecimalScalar, extra.description);
  InputType(`${name}LineInput`, { description: `One line of ${event.name}.` })(line);

  // The input: the document's own input fields, with these lines.
  const input = named(`${name}Input`, class {});
  for (const shared of DOCUMENT_INPUT_FIELDS) {
    if (shared.name === 'lines') field(input, 'lines', () => [line], 'Lines, as received.');
    else field(input, shared.name, shared.type, shared.description);
  }
  for (const own of kind.fields) if (own.input !== false && !DOCUMENT_INPUT_FIELDS.some((shared) => shared.name === own.name)) field(input, own.name, graphqlType(own), own.description);
  InputType(`${name}Input`, { description: `What ${event.name} books.` })(input);

  const payload = named(`${name}Payload`, class {});
  for (const result of eventKinds(event)) field(payload, result.field, () => documentTypes(result).object, `The ${result.type} the call created, as the ERP holds it; null when none was.`);
  field(payload, 'userErrors', () => [UserError], 'Why the event was not booked; empty on success.', false);
  field(payload, 'steps', () => [SagaStep], 'The call, and any compensation, with the ERP API of each step.', false);
  field(payload, 'idempotency', () => IdempotencyResult, 'The idempotency key this answer is recorded under; null without a key.');
  ObjectType(`${name}Payload`, { description: `What ${event.name} answers.` })(payload);

  const types = { input, payload };
  cache.set(event.name, types);
  return types;
}
