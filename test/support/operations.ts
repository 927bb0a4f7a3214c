/**
 * The GraphQL operations the end-to-end tests send, read from test/operations/*.graphql (the files codegen
 * types into test/generated/operations.ts). `operation('CreateStockIn')` returns that operation plus exactly
 * the fragments it uses.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, print, visit, type DefinitionNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';

const directory = path.join(__dirname, '../operations');
const definitions: DefinitionNode[] = readdirSync(directory)
  .filter((file) => file.endsWith('.graphql'))
  .flatMap((file) => parse(readFileSync(path.join(directory, file), 'utf8')).definitions);

const fragments = new Map(
  definitions.filter((node): node is FragmentDefinitionNode => node.kind === Kind.FRAGMENT_DEFINITION).map((node) => [node.name.value, node]),
);

function spreadsOf(node: DefinitionNode, found = new Set<string>()): Set<string> {
  visit(node, {
    FragmentSpread(spread) {
      if (found.has(spread.name.value)) return;
      found.add(spread.name.value);
      spreadsOf(fragments.get(spread.name.value)!, found);
    },
  });
  return found;
}

/** A typed operation: the document text, with result and variables types attached for call sites. */
export interface TypedOperation<TResult, TVariables> {
  readonly name: string;
  readonly document: string;
  readonly __types?: [TResult, TVariables];
}

export function operation<TResult, TVariables = Record<string, never>>(name: string): TypedOperation<TResult, TVariables> {
  const found = definitions.find(
    (node): node is OperationDefinitionNode => node.kind === Kind.OPERATION_DEFINITION && node.name?.value === name,
  );
  if (!found) throw new Error(`no operation named ${name} in test/operations`);
  const used = [...spreadsOf(found)].map((fragment) => print(fragments.get(fragment)!));
  return { name, document: [print(found), ...used].join('\n') };
}
