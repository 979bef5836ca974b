import { Inject, Injectable } from '@nestjs/common';
import { EventStore } from '@app/event-store';
import { combineDecoders } from '@app/kernel';
import {
  CommandMeta,
  EventProcess,
  FISCAL_EVENT_STORE,
  ProjectedEvent,
  deterministicUuid,
} from '@app/platform';
import { CommandRunner, StreamStates } from '@app/renewals';
import {
  InvoiceEvent,
  RegisteredDocument,
  InvoiceRegisterEvent,
  awaitsTransmission,
  fileNameOf,
  invoiceEvents,
  invoiceRegisterEvents,
  invoiceXml,
  transmissionIdOf,
} from '../domain';
import { invoiceAggregate, issuedInvoice, refOf } from '../application/invoice.aggregate';
import { SDI_EXCHANGE, SdiExchange } from './sdi-exchange';

/**
 * Sends every invoice to the Sistema di Interscambio once it is issued, and again once a rejected one is
 * corrected, and records the exchange's answer on the invoice's stream. It reads the invoice's stream
 * before it sends, so a replay sends nothing that was answered; a crash between the exchange's answer and
 * its record sends the same file again, which the port answers as before.
 */
@Injectable()
export class SdiSendingProcess implements EventProcess<InvoiceRegisterEvent | InvoiceEvent> {
  readonly name = 'process:sdi';
  readonly events = combineDecoders(invoiceRegisterEvents, invoiceEvents);
  readonly canHandle = ['InvoiceIssued', 'CreditNoteIssued', 'InvoiceCorrected'] as const;

  constructor(
    // The fiscal view: an invoice's document is read whole after its buyer is erased (decisions.md #34).
    @Inject(FISCAL_EVENT_STORE) private readonly store: EventStore,
    @Inject(SDI_EXCHANGE) private readonly exchange: SdiExchange,
    private readonly runner: CommandRunner,
    private readonly states: StreamStates,
  ) {}

  async handle({ event, id, metadata }: ProjectedEvent<InvoiceRegisterEvent | InvoiceEvent>): Promise<void> {
    const invoiceId = event.data.invoiceId;
    const state = await this.states.stateOf(invoiceAggregate, invoiceId);
    if (!awaitsTransmission(state)) return;
    // From the register as a fiscal record: whole even if its buyer was erased since.
    const issued: RegisteredDocument = await issuedInvoice(
      this.store,
      event.type === 'InvoiceIssued' || event.type === 'CreditNoteIssued' ? event.data : state.ref!,
    );
    const attempt = state.attempts + 1;
    const fileName = fileNameOf(issued, attempt);
    const outcome = await this.exchange.transmit({
      fileName,
      xml: invoiceXml(issued, { attempt, buyer: state.buyer }),
      // Sent as of what asked for it: the correction waiting, else the issue.
      sentAt: new Date(state.correctedAt ?? issued.issuedAt),
    });
    const meta: CommandMeta = {
      commandId: deterministicUuid(`${this.name}|${fileName}`),
      correlationId: metadata.correlationId,
      causationId: id,
      actor: { type: 'system', id: this.name },
    };
    await this.runner.run(
      invoiceAggregate,
      invoiceId,
      {
        type: 'RecordTransmission',
        data: {
          invoice: refOf(issued),
          fileName,
          transmissionId: transmissionIdOf(issued, attempt),
          outcome,
        },
      },
      meta,
      { creates: true, at: new Date(outcome.at) },
    );
  }
}
