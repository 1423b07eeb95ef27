import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { collapseTimeouts, costRefusal } from './limits';

/**
 * The limits Apollo's validation rules cannot express, on HTTP: the cost of the resolved operation
 * with its variables (Apollo caches validation per document, so the cost cannot be a validation
 * rule), checked before execution; and a single timeout error however many fields the deadline cut.
 * graphql-ws does the same in app.ts's onSubscribe and onNext.
 */
export function queryLimitsPlugin<TContext extends BaseContext>(schema: GraphQLSchema): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, operationName }) {
          const refusal = costRefusal(schema, { document, variables: request.variables, operationName });
          // Refused before execution like a validation error, so with its 400.
          if (refusal) throw new GraphQLError(refusal.message, { extensions: { ...refusal.extensions, http: { status: 400 } }, originalError: refusal });
        },
        async willSendResponse({ response }) {
          if (response.body.kind === 'single' && response.body.singleResult.errors) {
            response.body.singleResult.errors = collapseTimeouts(response.body.singleResult.errors);
          }
        },
      };
    },
  };
}
