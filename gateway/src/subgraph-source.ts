import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { ACTOR_ASSERTION_HEADER, CONSENT_RECEIPTS_HEADER, DEADLINE_HEADER, encodeReceiptsHeader, signActorAssertion, withoutBreakGlassReason, type SigningKey } from "@percorsi/kit";
import { BREAK_GLASS_RECORDER, type GatewayContext } from "./context.js";
import { deadlineOf } from "./resilience/request-signal.js";

/**
 * Sends each subgraph a fresh assertion of who is asking, signed by the gateway for that
 * subgraph alone (audience = its name). The caller's own token never travels further.
 */
export class AssertingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraphName: string,
    url: string,
    private readonly signingKey: () => Promise<SigningKey>,
  ) {
    super({ url });
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    // The gateway's own calls (no caller) carry no assertion, and subgraphs refuse them.
    if (!("actor" in context) || !context.actor) return;
    // The subgraph stops its work when the request's deadline passes, even if nobody hangs up.
    const deadline = deadlineOf(context);
    if (deadline !== undefined) request.http?.headers.set(DEADLINE_HEADER, String(Math.max(0, deadline - Date.now())));
    const receipts = context.requestReceipts && Object.keys(context.requestReceipts).length > 0 ? encodeReceiptsHeader(context.requestReceipts) : null;
    if (receipts) request.http?.headers.set(CONSENT_RECEIPTS_HEADER, receipts);
    // Bound to this very request, and accepted once: a captured assertion buys nothing else.
    const bound = { query: request.query ?? "", variables: request.variables ?? {}, receipts };
    // A break-glass reason ("she hides at her sister's") goes to the subgraph that records it, no further.
    const actor = this.subgraphName === BREAK_GLASS_RECORDER ? context.actor : withoutBreakGlassReason(context.actor);
    request.http?.headers.set(ACTOR_ASSERTION_HEADER, await signActorAssertion(await this.signingKey(), actor, this.subgraphName, bound));
  }
}
