import PDFDocument from 'pdfkit';
import { BillingDetails, PaymentMode, isCreditNote, italianDay } from '../domain';
import { CurrentInvoice } from './invoices.query';
import { holderName } from './invoices.projection';

const EURO = new Intl.NumberFormat('it-IT', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const euro = (cents: number) => `€ ${EURO.format(cents / 100)}`;

const PAYMENT_MODE_WORDS: Record<PaymentMode, string> = {
  MP01: 'contanti',
  MP02: 'assegno',
  MP03: 'bollettino postale',
  MP05: 'bonifico bancario',
  MP08: 'carta di pagamento',
  MP12: 'RIBA',
  MP19: 'SEPA Direct Debit',
  MP21: 'SEPA Direct Debit B2B',
  MP23: 'PagoPA',
};

const STATUS_WORDS: Record<CurrentInvoice['status'], string> = {
  ISSUED: 'emessa, in invio al Sistema di Interscambio',
  SENT: 'trasmessa al Sistema di Interscambio, in attesa di esito',
  DELIVERED: 'consegnata dal Sistema di Interscambio',
  NOT_DELIVERED: "non recapitata: disponibile nell'area riservata del destinatario",
  REJECTED: 'scartata dal Sistema di Interscambio, in correzione',
  CORRECTED: 'corretta, in nuovo invio al Sistema di Interscambio',
};

function party(
  details: Pick<BillingDetails, 'address'> & { vatNumber: string | null; taxCode?: string | null },
) {
  const { street, postalCode, city, province, country } = details.address;
  return [
    street,
    `${postalCode} ${city}${province ? ` (${province})` : ''} ${country === 'IT' ? '' : country}`.trim(),
    ...(details.vatNumber ? [`Partita IVA IT${details.vatNumber}`] : []),
    ...(details.taxCode ? [`Codice fiscale ${details.taxCode}`] : []),
  ];
}

/**
 * The courtesy copy of an invoice (copia di cortesia), as a printable A4 PDF: the same number, date,
 * parties, lines and totals as its FatturaPA file, which alone is the invoice for the tax office.
 */
export function invoicePdf({ issued, buyer, status }: CurrentInvoice, printedAt: Date): Promise<Buffer> {
  const { document } = issued;
  const title = isCreditNote(issued) ? `Nota di credito n. ${issued.number}` : `Fattura n. ${issued.number}`;
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    info: {
      Title: `${title} - copia di cortesia`,
      Author: document.seller.name,
      Subject: `Fattura ${issued.number} dell'ordine ${issued.orderNumber}`,
      CreationDate: printedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;

  doc.font('Helvetica-Bold').fontSize(18).text(title, left, 48);
  doc
    .font('Helvetica')
    .fontSize(10)
    .fillColor('#444')
    .text(`Data ${italianDay(issued.date)} - ordine n. ${issued.orderNumber}`);
  if (isCreditNote(issued))
    doc.text(`A storno della fattura n. ${issued.corrects.number} del ${italianDay(issued.corrects.date)}`);
  doc.text(`Stato: ${STATUS_WORDS[status]}`);
  doc.moveDown(1);

  const top = doc.y;
  const half = (width - 24) / 2;
  const block = (title: string, name: string, lines: string[], x: number) => {
    doc.font('Helvetica').fontSize(8).fillColor('#555').text(title.toUpperCase(), x, top, { width: half });
    doc
      .font('Helvetica-Bold')
      .fontSize(11)
      .fillColor('#000')
      .text(name, x, top + 12, { width: half });
    doc.font('Helvetica').fontSize(10).text(lines.join('\n'), { width: half });
  };
  block('Cedente / prestatore', document.seller.name, party({ ...document.seller, taxCode: null }), left);
  block('Cessionario / committente', holderName(buyer), party(buyer), left + half + 24);
  doc.y = top + 90;

  const columns = {
    description: left,
    quantity: left + width - 210,
    unit: left + width - 150,
    total: left + width - 75,
  };
  const row = (cells: [string, string, string, string], bold = false) => {
    const y = doc.y;
    doc
      .font(bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(10)
      .fillColor('#000');
    doc.text(cells[0], columns.description, y, { width: columns.quantity - left - 8 });
    const end = doc.y;
    doc.text(cells[1], columns.quantity, y, { width: 50, align: 'right' });
    doc.text(cells[2], columns.unit, y, { width: 70, align: 'right' });
    doc.text(cells[3], columns.total, y, { width: 75, align: 'right' });
    doc.y = Math.max(end, doc.y) + 4;
  };
  row(['Descrizione', 'Q.tà', 'Prezzo', 'Importo'], true);
  doc
    .moveTo(left, doc.y)
    .lineTo(left + width, doc.y)
    .strokeColor('#999')
    .stroke();
  doc.y += 4;
  for (const line of document.lines)
    row([
      line.description,
      line.quantity === null ? '' : String(line.quantity),
      line.quantity === null ? '' : euro(line.unitPriceCents),
      euro(line.totalCents),
    ]);
  doc
    .moveTo(left, doc.y)
    .lineTo(left + width, doc.y)
    .stroke();
  doc.y += 6;
  const rate = `${(document.vatRateBps / 100).toLocaleString('it-IT')}%`;
  row(['Imponibile', '', '', euro(document.taxableCents)]);
  row([`IVA ${rate}`, '', '', euro(document.vatCents)]);
  row(['Totale documento', '', '', euro(document.totalCents)], true);
  doc.moveDown(1);
  doc
    .font('Helvetica')
    .fontSize(10)
    .text(
      `Pagamento: ${PAYMENT_MODE_WORDS[document.payment.mode]}, ${euro(document.payment.amountCents)}, ricevuto.`,
      left,
    )
    .text(`Causale: ${document.reason}`);
  doc.moveDown(2);
  doc
    .fontSize(8)
    .fillColor('#555')
    .text(
      'Copia di cortesia, priva di valore fiscale. La fattura è il file XML trasmesso al Sistema di Interscambio ' +
        "dell'Agenzia delle Entrate, disponibile nell'area riservata del portale Fatture e Corrispettivi.",
      left,
      doc.y,
      { width },
    );
  doc.end();
  return done;
}
