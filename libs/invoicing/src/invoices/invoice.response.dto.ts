import { Field } from '@app/platform';
import { BillingDetailsDto } from '../record-billing-details/billing-details.dto';

export const INVOICE_STATUSES = [
  'ISSUED',
  'SENT',
  'DELIVERED',
  'NOT_DELIVERED',
  'REJECTED',
  'CORRECTED',
] as const;

export class SdiErrorDto {
  @Field.text('The exchange’s error code', '00305') code!: string;
  @Field.text(
    'Its description, as the exchange gives it',
    '1.4.1.1.2 <IdCodice> del CessionarioCommittente non valido',
  )
  description!: string;
}

/** An invoice in "Le mie fatture" and in the back office's list. */
export class InvoiceDto {
  @Field.uuid('The invoice') invoiceId!: string;
  @Field.oneOf(['TD01', 'TD04'], 'InvoiceType', 'TD01 an invoice, TD04 a credit note (nota di credito)')
  type!: 'TD01' | 'TD04';
  @Field.text('A credit note’s: the number of the invoice it reduces', '2026/12', { nullable: true })
  corrects!: string | null;
  @Field.text('Its number, progressive in its year (invoices and credit notes share it)', '2026/17')
  number!: string;
  @Field.text('Its date (YYYY-MM-DD)', '2026-12-03') date!: string;
  @Field.uuid('The order it invoices') orderId!: string;
  @Field.text('The order’s number', 'FE-2026-000123') orderNumber!: string;
  @Field.uuid('The service renewed') serviceId!: string;
  @Field.uuid('The customer') customerId!: string;
  @Field.text('Who it is made out to', 'Studio Rossi S.r.l.') buyerName!: string;
  @Field.nested(() => BillingDetailsDto, 'The billing details it is made out to (as corrected, if it was)')
  buyer!: BillingDetailsDto;
  @Field.cents('Taxable amount', 6650) taxableCents!: number;
  @Field.cents('VAT', 1463) vatCents!: number;
  @Field.cents('Total', 8113) totalCents!: number;
  @Field.oneOf(
    INVOICE_STATUSES,
    'InvoiceStatus',
    'Where it stands at the Sistema di Interscambio: ISSUED (not sent yet), SENT (awaiting its answer), DELIVERED (RC), NOT_DELIVERED (MC: in the recipient’s reserved area), REJECTED (NS), CORRECTED (to be sent again)',
  )
  status!: (typeof INVOICE_STATUSES)[number];
  @Field.at('When the status last changed') statusAt!: string;
  @Field.integer('Files sent to the exchange so far', 1) attempts!: number;
  @Field.text('The last file’s name', 'IT06363391001_0000A.xml', { nullable: true })
  fileName!: string | null;
  @Field.text('The exchange’s identifier of the last file', '4211', { nullable: true })
  sdiId!: string | null;
  @Field.list(() => SdiErrorDto, 'The errors of the last rejection (empty unless REJECTED)')
  errors!: SdiErrorDto[];
  @Field.at('A rejected invoice can be corrected and sent again under its number until then', {
    nullable: true,
  })
  correctableUntil!: string | null;
}
