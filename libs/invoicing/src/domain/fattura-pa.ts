import { BillingDetails } from './billing-details';

/**
 * A FatturaPA document (version 1.2.1 of the Agenzia delle Entrate's format): FPR12 for a private party,
 * FPA12 for a public body. Amounts come in cents and are written with two decimals; the caller's totals
 * are the invoice's (they are the order's), and the lines must add up to them: a mismatch throws rather
 * than issue an invoice whose summary contradicts its lines.
 */
export interface InvoiceLine {
  description: string;
  /** Null for a line that is a single amount (a discount). */
  quantity: number | null;
  unitPriceCents: number;
  /** quantity x unit price; negative for a discount. */
  totalCents: number;
}

export interface Seller {
  name: string;
  vatNumber: string;
  /** Regime fiscale: RF01 is the ordinary one. */
  taxRegime: string;
  address: BillingDetails['address'];
}

export type DocumentType = 'TD01' | 'TD04';
/** Modalità di pagamento: MP05 bank transfer, MP08 card, MP12 RIBA... as the order's method maps. */
export type PaymentMode = 'MP01' | 'MP02' | 'MP03' | 'MP05' | 'MP08' | 'MP12' | 'MP19' | 'MP21' | 'MP23';

export interface FatturaPaInput {
  /** Progressivo invio: unique per file sent by the transmitter (letters and digits, up to 10). */
  transmissionId: string;
  seller: Seller;
  buyer: BillingDetails;
  type: DocumentType;
  number: string;
  /** YYYY-MM-DD. */
  date: string;
  lines: InvoiceLine[];
  vatRateBps: number;
  taxableCents: number;
  vatCents: number;
  totalCents: number;
  /** Causale: the order this invoice is for. */
  reason: string;
  orderNumber: string;
  payment: { mode: PaymentMode; amountCents: number };
  /** A credit note names the invoice it corrects. */
  corrects?: { number: string; date: string };
}

const euros = (cents: number) => (cents < 0 ? '-' : '') + (Math.abs(cents) / 100).toFixed(2);
const rate = (bps: number) => (bps / 100).toFixed(2);

/** XML text, with what the exchange refuses outside Latin-1 left out (FatturaPA's strings are basic Latin). */
function text(value: string): string {
  return value
    .replace(/[’‘]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[^\x20-\x7e\xa0-\xff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

type Node = [string, Node[] | string | null];
const el = (name: string, content: Node[] | string | null): Node => [name, content];
function render([name, content]: Node, indent = ''): string {
  if (content === null) return '';
  if (typeof content === 'string') return `${indent}<${name}>${text(content)}</${name}>\n`;
  return `${indent}<${name}>\n${content.map((child) => render(child, indent + '  ')).join('')}${indent}</${name}>\n`;
}

function address(a: BillingDetails['address']): Node {
  return el('Sede', [
    el('Indirizzo', a.street),
    el('CAP', a.country === 'IT' ? a.postalCode : '00000'),
    el('Comune', a.city),
    el('Provincia', a.country === 'IT' ? a.province : null),
    el('Nazione', a.country),
  ]);
}

function buyerRegistry(buyer: BillingDetails): Node {
  const { holder } = buyer;
  return el('DatiAnagrafici', [
    buyer.vatNumber
      ? el('IdFiscaleIVA', [el('IdPaese', buyer.address.country), el('IdCodice', buyer.vatNumber)])
      : el('IdFiscaleIVA', null),
    el('CodiceFiscale', buyer.taxCode),
    el(
      'Anagrafica',
      holder.kind === 'company'
        ? [el('Denominazione', holder.name)]
        : [el('Nome', holder.firstName), el('Cognome', holder.lastName)],
    ),
  ]);
}

/** The lines must add up to the taxable amount, and the tax and total follow from it. */
export function checkTotals(
  input: Pick<FatturaPaInput, 'lines' | 'taxableCents' | 'vatCents' | 'totalCents'>,
) {
  const sum = input.lines.reduce((total, line) => total + line.totalCents, 0);
  if (sum !== input.taxableCents)
    throw new Error(
      `The invoice's lines add up to ${sum} cents, its taxable amount is ${input.taxableCents}`,
    );
  if (input.taxableCents + input.vatCents !== input.totalCents)
    throw new Error(
      `The invoice's total ${input.totalCents} is not its taxable ${input.taxableCents} plus VAT ${input.vatCents}`,
    );
}

export function fatturaPaXml(input: FatturaPaInput): string {
  checkTotals(input);
  const { buyer, seller } = input;
  const format = buyer.publicBody ? 'FPA12' : 'FPR12';
  const header = el('FatturaElettronicaHeader', [
    el('DatiTrasmissione', [
      el('IdTrasmittente', [el('IdPaese', 'IT'), el('IdCodice', seller.vatNumber)]),
      el('ProgressivoInvio', input.transmissionId),
      el('FormatoTrasmissione', format),
      // Without a recipient code the exchange delivers to the PEC address, or to the reserved area.
      el('CodiceDestinatario', buyer.sdiCode ?? (buyer.address.country === 'IT' ? '0000000' : 'XXXXXXX')),
      el('PECDestinatario', buyer.sdiCode ? null : buyer.pec),
    ]),
    el('CedentePrestatore', [
      el('DatiAnagrafici', [
        el('IdFiscaleIVA', [el('IdPaese', 'IT'), el('IdCodice', seller.vatNumber)]),
        el('Anagrafica', [el('Denominazione', seller.name)]),
        el('RegimeFiscale', seller.taxRegime),
      ]),
      address(seller.address),
    ]),
    el('CessionarioCommittente', [buyerRegistry(buyer), address(buyer.address)]),
  ]);
  const body = el('FatturaElettronicaBody', [
    el('DatiGenerali', [
      el('DatiGeneraliDocumento', [
        el('TipoDocumento', input.type),
        el('Divisa', 'EUR'),
        el('Data', input.date),
        el('Numero', input.number),
        el('ImportoTotaleDocumento', euros(input.totalCents)),
        el('Causale', input.reason.slice(0, 200)),
      ]),
      el('DatiOrdineAcquisto', [el('IdDocumento', input.orderNumber)]),
      input.corrects
        ? el('DatiFattureCollegate', [
            el('IdDocumento', input.corrects.number),
            el('Data', input.corrects.date),
          ])
        : el('DatiFattureCollegate', null),
    ]),
    el('DatiBeniServizi', [
      ...input.lines.map((line, i) =>
        el('DettaglioLinee', [
          el('NumeroLinea', String(i + 1)),
          el('Descrizione', line.description.slice(0, 1000)),
          el('Quantita', line.quantity === null ? null : line.quantity.toFixed(2)),
          el('PrezzoUnitario', euros(line.unitPriceCents)),
          el('PrezzoTotale', euros(line.totalCents)),
          el('AliquotaIVA', rate(input.vatRateBps)),
        ]),
      ),
      el('DatiRiepilogo', [
        el('AliquotaIVA', rate(input.vatRateBps)),
        el('ImponibileImporto', euros(input.taxableCents)),
        el('Imposta', euros(input.vatCents)),
        // Immediate VAT. A public body's split payment (art. 17-ter, "S") is not handled yet.
        el('EsigibilitaIVA', 'I'),
      ]),
    ]),
    el('DatiPagamento', [
      el('CondizioniPagamento', 'TP02'),
      el('DettaglioPagamento', [
        el('ModalitaPagamento', input.payment.mode),
        el('ImportoPagamento', euros(input.payment.amountCents)),
      ]),
    ]),
  ]);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<p:FatturaElettronica versione="${format}" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" ` +
    'xmlns:p="http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2" ' +
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n' +
    render(header, '  ') +
    render(body, '  ') +
    '</p:FatturaElettronica>\n'
  );
}
