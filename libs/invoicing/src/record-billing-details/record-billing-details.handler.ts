import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner } from '@app/renewals';
import { BillingDetailsView, RecordBillingDetailsCommand } from './record-billing-details.command';
import { ServiceBilling, billingDetailsAggregate } from './billing-details.aggregate';

@CommandHandler(RecordBillingDetailsCommand)
export class RecordBillingDetailsHandler implements ICommandHandler<
  RecordBillingDetailsCommand,
  BillingDetailsView
> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly billing: ServiceBilling,
  ) {}

  async execute({ serviceId, details, meta }: RecordBillingDetailsCommand): Promise<BillingDetailsView> {
    const customerId = await this.billing.ownerFor(serviceId, meta.actor);
    // The service's ownership was checked above; the stream's own (from its first event) is checked by the decider.
    const result = await this.runner.run(
      billingDetailsAggregate,
      serviceId,
      { type: 'RecordBillingDetails', data: { serviceId, customerId, details } },
      meta,
      { creates: true, expectedRevision: meta.ifMatch },
    );
    return {
      serviceId,
      details: result.state.details,
      recordedAt: result.state.recordedAt,
      position: result.position,
    };
  }
}
