import { Catalog, OrderState, Payee, PaymentMethod, findProduct } from '@app/renewals/domain';
import { BillingDetails, InvoiceDocument, InvoiceLine, PaymentMode, Seller } from '../domain';

/** Modalità di pagamento for how the money came in. */
const PAYMENT_MODES: Record<PaymentMethod, PaymentMode> = {
  CREDIT_CARD: 'MP08',
  PAYPAL: 'MP08',
  BANK_TRANSFER: 'MP05',
  PREFILLED_SLIP: 'MP03',
  POSTAL_SLIP: 'MP03',
};

const years = (n: number) => (n === 1 ? '1 anno' : `${n} anni`);
const percent = (bps: number) => `${(bps / 100).toLocaleString('it-IT')}%`;

/**
 * The provider as the invoices' seller: its name and Partita IVA from the payee's configuration. Its
 * registered address is the one the configuration prints in every email's footer; it is not a structured
 * configuration entry yet (README, "Not built yet").
 */
export function sellerOf(payee: Payee): Seller {
  return {
    name: payee.name,
    vatNumber: (payee.contacts?.vatNumber ?? '').replace(/^IT/, ''),
    taxRegime: 'RF01',
    address: {
      street: "Via dell'Innovazione 1",
      postalCode: '20121',
      city: 'Milano',
      province: 'MI',
      country: 'IT',
    },
  };
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
  const names: Record<string, string> = {
    BASE: `${product} - servizio ${order.serviceName}`,
    STORAGE_PACK: catalog.storagePack.name,
    EXTRA_USER: catalog.extraUser.name,
    NSO_MODULE: catalog.nsoModule.name,
  };
  const lines: InvoiceLine[] = [
    ...quote.lines.map((line) => ({
      description: `${names[line.code]}, rinnovo ${years(line.years)}`,
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
