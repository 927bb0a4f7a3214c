/**
 * The `Idempotency-Key` header names one mutation's retry key, so it is accepted only on a request that holds
 * exactly one mutation field, and never on a batch (whose items carry their own keys): anything else would give
 * two different mutations one key. The refusal is a request-level BAD_USER_INPUT, before any resolver runs.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import type { GatewayContext } from '../context';
import { BadUserInputError, toGraphQLError } from '../errors';

/** Root field names of a selection set, through inline fragments and fragment spreads. */
function rootFields(selectionSet: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>, seen = new Set<string>()): string[] {
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return selection.name.value === '__typename' ? [] : [selection.name.value];
    if (selection.kind === Kind.INLINE_FRAGMENT) return rootFields(selection.selectionSet, fragments, seen);
    const name = selection.name.value;
    if (seen.has(name) || !Object.hasOwn(fragments, name)) return [];
    seen.add(name);
    return rootFields(fragments[name].selectionSet, fragments, seen);
  });
}

export function idempotencyHeaderPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation, document }) {
          if (!contextValue.idempotencyKey || operation?.operation !== 'mutation') return;
          const fragments: Record<string, FragmentDefinitionNode> = Object.create(null);
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
          }
          const fields = rootFields(operation.selectionSet, fragments);
          const refusal =
            fields.length > 1
              ? `The Idempotency-Key header names one mutation, but this request holds ${fields.length}: give each its idempotencyKey argument`
              : fields.some((field) => field.endsWith('Batch'))
                ? 'A batch takes no Idempotency-Key header: every item carries its own idempotencyKey'
                : undefined;
          if (refusal) throw toGraphQLError(new BadUserInputError('Idempotency-Key', refusal), { httpStatus: 400 });
        },
      };
    },
  };
}
