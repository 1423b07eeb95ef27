import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { requireViewer } from '../../context';
import { fromGlobalIdOrNull } from '../../platform/ids';
import { sizedListCost } from '../../platform/list-caps';
import { ServiceRequestRowInput } from './request.inputs';
import { ServiceRequest, type ServiceRequestRow } from './request.type';
import { ServiceRequestRowResult } from './request-batch.type';
import { batchLength, recordServiceRequests, type RowResult } from './request-batch.service';

type AnsweredRow = Omit<RowResult, 'message'> & { message: string | null };

@Resolver(() => ServiceRequestRowResult)
export class RequestBatchResolver {
  @FieldResolver(() => ServiceRequest, { nullable: true, description: 'The request recorded (or recorded before), as the viewer sees it.' })
  request(@Root() result: AnsweredRow, @Ctx() ctx: Context): Promise<ServiceRequestRow | null> | null {
    return result.requestId == null ? null : ctx.loaders.requests.visibleRequestById.load(result.requestId);
  }

  @Mutation(() => [ServiceRequestRowResult], {
    description: "Records up to 1,000 residents' needs (a day's orders from a sheet) in one transaction, each row checked as recordServiceRequest checks one; one result per row, in order. atomic: all or none; otherwise each row on its own. dryRun: check and save nothing. Rows with an orderKey the household already has are not recorded twice.",
    complexity: sizedListCost(batchLength),
  })
  async recordServiceRequests(
    @Arg('rows', () => [ServiceRequestRowInput]) rows: ServiceRequestRowInput[],
    @Arg('atomic', () => Boolean, { nullable: true, defaultValue: false }) atomic: boolean | null,
    @Arg('dryRun', () => Boolean, { nullable: true, defaultValue: false }) dryRun: boolean | null,
    @Ctx() ctx: Context,
  ): Promise<AnsweredRow[]> {
    const decoded = rows.map((row, i) => ({
      ...row,
      householdId: fromGlobalIdOrNull(row.householdId, 'Household', `rows.${i}.householdId`),
      gridId: fromGlobalIdOrNull(row.gridId, 'Grid', `rows.${i}.gridId`),
    }));
    const results = await recordServiceRequests(ctx.db, requireViewer(ctx), decoded, { atomic: atomic ?? false, dryRun: dryRun ?? false });
    // Row messages are said in the language the caller asked for.
    return results.map((r) => ({ ...r, message: r.message && ctx.t(r.message) }));
  }
}
