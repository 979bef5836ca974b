import PDFDocument from 'pdfkit';
import { italianDates } from '@app/kernel';
import { OrderView } from '@app/renewals';

const UNITS = [
  '',
  'uno',
  'due',
  'tre',
  'quattro',
  'cinque',
  'sei',
  'sette',
  'otto',
  'nove',
  'dieci',
  'undici',
  'dodici',
  'tredici',
  'quattordici',
  'quindici',
  'sedici',
  'diciassette',
  'diciotto',
  'diciannove',
];
const TENS = [
  '',
  '',
  'venti',
  'trenta',
  'quaranta',
  'cinquanta',
  'sessanta',
  'settanta',
  'ottanta',
  'novanta',
];

function belowThousand(n: number): string {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  let words = hundreds === 0 ? '' : hundreds === 1 ? 'cento' : `${UNITS[hundreds]}cento`;
  if (rest < 20) return words + UNITS[rest];
  if (hundreds > 0 && rest >= 80 && rest < 90) words = words.slice(0, -1); // "centottanta
  const unit = rest % 10;
  let tens = TENS[Math.floor(rest / 10)];
  // "ventuno", "trentotto": the tens lose their vowel before uno and otto.
  if (unit === 1 || unit === 8) tens = tens.slice(0, -1);
  words += tens + (unit === 3 ? 'tré' : UNITS[unit]);
  return words;
}

/** A whole number of euros in Italian words, as a postal slip asks for it ("importo in lettere"). */
export function italianNumberWords(n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Not a whole amount: ${n}`);
  if (n === 0) return 'zero';
  const millions = Math.floor(n / 1_000_000);
  const thousands = Math.floor((n % 1_000_000) / 1000);
  const rest = n % 1000;
  const parts: string[] = [];
  if (millions) parts.push(millions === 1 ? 'unmilione' : `${belowThousand(millions)}milioni`);
  if (thousands) parts.push(thousands === 1 ? 'mille' : `${belowThousand(thousands)}mila`);
  if (rest) parts.push(belowThousand(rest));
  return parts.join('');
}

const EURO = new Intl.NumberFormat('it-IT', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const LONG_DATE = new Intl.DateTimeFormat('it-IT', { dateStyle: 'long', timeZone: 'Europe/Rome' });
const euro = (cents: number) => EURO.format(cents / 100);
const longDate = (iso: string) => LONG_DATE.format(new Date(iso));

/**
 * The pre-filled postal slip ("bollettino precompilato") of a confirmed order, as a printable A4 PDF: the
 * payee's postal account and name, the amount in figures and in words, the order number and the reason for
 * payment to quote. The customer prints it and pays it at a post office or an authorised counter.
 */
export function paymentSlipPdf(order: OrderView, issuedAt: Date): Promise<Buffer> {
  const pay = order.paymentInstructions;
  if (!pay?.payee?.postalAccount) throw new Error(`Order ${order.orderId} has no postal slip`);
  const payee = { ...pay.payee, postalAccount: pay.payee.postalAccount };
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    info: {
      Title: `Bollettino postale - ordine ${pay.orderNumber}`,
      Author: payee.name,
      Subject: `Pagamento dell'ordine ${pay.orderNumber}`,
      CreationDate: issuedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const euros = Math.floor(pay.amountCents / 100);
  const cents = String(pay.amountCents % 100).padStart(2, '0');
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;

  doc.font('Helvetica-Bold').fontSize(16).text('Bollettino postale precompilato', left, 48);
  doc
    .font('Helvetica')
    .fontSize(10)
    .fillColor('#444')
    .text(`Ordine ${pay.orderNumber} - ${order.serviceName}`)
    .text(italianDates(`Da pagare entro il ${order.payBy ? longDate(order.payBy) : '-'}`));
  doc.moveDown(1);

  const top = doc.y;
  doc.lineWidth(1.2).strokeColor('#1f4e79').rect(left, top, width, 250).stroke();
  doc
    .fillColor('#1f4e79')
    .font('Helvetica-Bold')
    .fontSize(11)
    .text('BancoPosta - Conto corrente postale', left + 14, top + 14);
  const field = (label: string, value: string, x: number, y: number, w: number) => {
    doc.font('Helvetica').fontSize(8).fillColor('#555').text(label.toUpperCase(), x, y, { width: w });
    doc
      .font('Helvetica-Bold')
      .fontSize(12)
      .fillColor('#000')
      .text(value, x, y + 11, { width: w });
  };
  const col = (width - 28) / 2;
  field('sul c/c n.', payee.postalAccount, left + 14, top + 40, col);
  field('di euro', `${euro(pay.amountCents)}`, left + 14 + col, top + 40, col);
  field('importo in lettere', `${italianNumberWords(euros)}/${cents}`, left + 14, top + 80, width - 28);
  field('intestato a', payee.name, left + 14, top + 120, width - 28);
  field('causale', pay.reference, left + 14, top + 160, col);
  field("numero d'ordine", pay.orderNumber, left + 14 + col, top + 160, col);
  field('servizio', order.serviceName, left + 14, top + 200, width - 28);

  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor('#333')
    .text(
      `Paga questo bollettino presso un ufficio postale o una ricevitoria abilitata. Il pagamento è registrato ` +
        `in giornata; indica sempre la causale "${pay.reference}".`,
      left,
      top + 270,
      { width },
    );
  doc.end();
  return done;
}
