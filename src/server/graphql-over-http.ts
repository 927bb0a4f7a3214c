/**
 * GraphQL over HTTP (the GraphQL Foundation's draft specification), where Apollo Server leaves a SHOULD open:
 * a request error — a document that does not parse or validate, variables that do not coerce, a request limit —
 * answers 400 when the response is `application/graphql-response+json`, and 200 when the client accepts only
 * `application/json` (the legacy media type, whose clients read `errors` from the body, not the status).
 * Refusals of the HTTP layer (401, 403, 429, 413) keep their status either way.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import Negotiator from 'negotiator';

const GRAPHQL_RESPONSE = 'application/graphql-response+json';

/**
 * The media type Apollo answers with, chosen the way Apollo chooses it (negotiator over the same list, in the
 * same order), so the status set here always matches the content type sent.
 */
function answersGraphQLResponse(accept: string | undefined): boolean {
  if (!accept) return false;
  const chosen = new Negotiator({ headers: { accept } }).mediaType([
    'application/json; charset=utf-8',
    `${GRAPHQL_RESPONSE}; charset=utf-8`,
    'application/json; callbackSpec=1.0; charset=utf-8',
  ]);
  return chosen === `${GRAPHQL_RESPONSE}; charset=utf-8`;
}

export function graphqlOverHttpPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart({ request }) {
      return {
        async willSendResponse({ response }) {
          if (response.http.status !== 400 || answersGraphQLResponse(request.http?.headers.get('accept'))) return;
          // Only a request error of a well-formed request: no data at all, and not a malformed request (BAD_REQUEST:
          // a query that is not a string, a body that is not an object), which is 400 under either media type.
          if (response.body.kind !== 'single' || response.body.singleResult.data !== undefined) return;
          const codes = (response.body.singleResult.errors ?? []).map((error) => error.extensions?.code);
          if (codes.length === 0 || codes.includes('BAD_REQUEST')) return;
          response.http.status = 200;
        },
      };
    },
  };
}
