import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from '@app/event-store';
import { BusinessRuleViolation, InvalidFields, NotFound } from '@app/kernel';
import { CLOCK, Clock, FISCAL_EVENT_STORE } from '@app/platform';
import { CommandRunner, StreamStates } from '@app/renewals';
import { billingIssues, invoiceDecider } from '../domain';
import { invoiceAggregate, issuedInvoice } from '../application/invoice.aggregate';
import { ServiceBilling, billingDetailsAggregate } from '../record-billing-details/billing-details.aggregate';
import { CorrectInvoiceCommand, CorrectedInvoice } from './correct-invoice.command';

@CommandHandler(CorrectInvoiceCommand)
export class CorrectInvoiceHandler implements ICommandHandler<CorrectInvoiceCommand, CorrectedInvoice> {
  constructor(
    // The fiscal view: an invoice's document is read whole after its buyer is erased (decisions.md #34).
    @Inject(FISCAL_EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly runner: CommandRunner,
    private readonly states: StreamStates,
    private readonly billing: ServiceBilling,
  ) {}

  async execute({ invoiceId, reason, details, meta }: CorrectInvoiceCommand): Promise<CorrectedInvoice> {
    const state = await this.states.stateOf(invoiceAggregate, invoiceId);
    if (!state.ref) throw new NotFound('INVOICE_NOT_FOUND', `Invoice ${invoiceId} was not found.`);
    const { serviceId, customerId } = state.ref;
    if (details) {
      const issues = billingIssues(details);
      if (issues.length > 0)
        throw new InvalidFields(
          'INVALID_BILLING_DETAILS',
          issues.map((issue) => ({ ...issue, field: `billingDetails.${issue.field}` })),
        );
    }
    const buyer = details ?? (await this.billing.current(serviceId)).details;
    if (!buyer)
      throw new BusinessRuleViolation(
        'BILLING_DETAILS_MISSING',
        `Service ${serviceId} has no billing details.`,
      );
    const issuedBuyer = (await issuedInvoice(this.store, state.ref)).document.buyer;
    const command = {
      type: 'CorrectInvoice' as const,
      data: { invoiceId, buyer, issuedBuyer, reason },
    };
    // Refused before the details are recorded: a correction that cannot be made changes nothing.
    invoiceDecider.decide({ ...command, data: { ...command.data, now: this.clock.now() } }, state);
    if (details)
      await this.runner.run(
        billingDetailsAggregate,
        serviceId,
        { type: 'RecordBillingDetails', data: { serviceId, customerId, details } },
        meta,
        { creates: true },
      );
    const result = await this.runner.run(invoiceAggregate, invoiceId, command, meta);
    return { invoiceId, position: result.position };
  }
}
