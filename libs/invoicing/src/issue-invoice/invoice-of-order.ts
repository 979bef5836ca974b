import { italianTerm } from '@app/kernel';
import { Catalog, OrderState, Payee, PaymentMethod, QuoteLine, findProduct } from '@app/renewals/domain';
import {
  BillingDetails,
  InvoiceDocument,
  InvoiceLine,
  PaymentMode,
  Seller,
  isValidVatNumber,
} from '../domain';

/** Modalità di pagamento for how the money came in. */
const PAYMENT_MODES: Record<PaymentMethod, PaymentMode> = {
  CREDIT_CARD: 'MP08',
  PAYPAL: 'MP08',
  BANK_TRANSFER: 'MP05',
  PREFILLED_SLIP: 'MP03',
  POSTAL_SLIP: 'MP03',
};

const percent = (bps: number) => `${(bps / 100).toLocaleString('it-IT')}%`;

/**
 * The provider as the invoices' seller: its name, Partita IVA and registered office from the payee's
 * configuration (`config/policy.json`). A configuration that an invoice could not name its seller with
 * stops the service at start (InvoicingModule), not an invoice later.
 */
export function sellerOf(payee: Payee): Seller {
  const vatNumber = (payee.contacts?.vatNumber ?? '').replace(/^IT/, '');
  if (!isValidVatNumber(vatNumber))
    throw new Error(
      `payee.contacts.vatNumber: "${payee.contacts?.vatNumber ?? ''}" is not a valid Partita IVA`,
    );
  if (!payee.registeredOffice)
    throw new Error('payee.registeredOffice: the seller’s registered office is missing');
  return { name: payee.name, vatNumber, taxRegime: 'RF01', address: { ...payee.registeredOffice } };
}

/**
 * The invoice of a paid order: a line per line of its quote (the unit price is the yearly price times
 * the years, so quantity x unit price is the line's amount), each discount as a negative line, and the
 * quote's totals, which are the order's to the cent.
 */
export function invoiceOfOrder(
  order: OrderState,
  buyer: BillingDetails,
  paidWith: PaymentMethod,
  catalog: Catalog,
  seller: Seller,
): InvoiceDocument {
  const quote = order.quote;
  if (!quote || !order.orderNumber) throw new Error(`order ${order.orderId} has no confirmed quote`);
  const product = findProduct(catalog, order.productCode)?.name ?? order.productCode;
  const names: Record<QuoteLine['code'], string> = {
    BASE: `${product} - servizio ${order.serviceName}`,
    STORAGE_PACK: catalog.storagePack.name,
    EXTRA_USER: catalog.extraUser.name,
    NSO_MODULE: catalog.nsoModule.name,
  };
  const lines: InvoiceLine[] = [
    ...quote.lines.map((line) => ({
      description: `${names[line.code]}, rinnovo ${italianTerm(line.years)}`,
      quantity: line.quantity,
      unitPriceCents: line.yearlyUnitPriceCents * line.years,
      totalCents: line.amountCents,
    })),
    ...quote.discounts.map((discount) => ({
      description:
        discount.code === 'AGREEMENT'
          ? `Sconto convenzione ${discount.agreementCode ?? ''} ${percent(discount.rateBps)}`
          : `Sconto pluriennale ${percent(discount.rateBps)}`,
      quantity: null,
      unitPriceCents: -discount.amountCents,
      totalCents: -discount.amountCents,
    })),
  ];
  return {
    seller,
    buyer,
    lines,
    vatRateBps: quote.vatRateBps,
    taxableCents: quote.taxableCents,
    vatCents: quote.vatCents,
    totalCents: quote.grossCents,
    reason: `Rinnovo ${order.serviceName}, ordine ${order.orderNumber}`,
    orderNumber: order.orderNumber,
    payment: { mode: PAYMENT_MODES[paidWith], amountCents: quote.grossCents },
  };
}
