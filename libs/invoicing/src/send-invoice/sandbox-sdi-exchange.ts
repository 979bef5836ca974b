import { createHash } from 'node:crypto';
import { SdiError, SdiOutcome, isValidVatNumber } from '../domain';
import { SdiExchange, SdiFile } from './sdi-exchange';

/**
 * The Partita IVA's digits 8 to 10 are the provincial tax office that assigned it: these are the codes
 * in use (one per province, and the central offices). The sandbox stands in for the exchange's lookup in
 * the Anagrafe Tributaria with them: a number with a right check digit but an office code nobody has was
 * never assigned, and the exchange rejects it (00305) as it rejects a ceased one.
 */
const OFFICE_CODES = new Set([
  ...Array.from({ length: 100 }, (_, i) => String(i + 1).padStart(3, '0')),
  '120',
  '121',
  '888',
  '999',
]);

/** Whether the Anagrafe Tributaria would know the number: a right check digit and an office in use. */
const registered = (vatNumber: string | null) =>
  vatNumber !== null && isValidVatNumber(vatNumber) && OFFICE_CODES.has(vatNumber.slice(7, 10));

/** What the sandbox reads of a file: the few elements its checks need. */
function field(xml: string, section: string, name: string): string | null {
  const start = xml.indexOf(`<${section}>`);
  const end = xml.indexOf(`</${section}>`, start);
  if (start < 0 || end < 0) return null;
  const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml.slice(start, end));
  return match ? match[1] : null;
}

/**
 * A sandbox Sistema di Interscambio, in memory: it answers each file as the exchange would, with a subset
 * of its checks and their real error codes: file name (00001), file name already used by another file
 * (00002), a file that is not a FatturaPA (00200), the seller's (00301) or the buyer's (00305) Partita IVA unknown to the
 * Anagrafe Tributaria, an invoice number of the seller's already delivered for that year (00404). A file
 * that passes is delivered (RC), unless it has no recipient code and no PEC: then the exchange cannot
 * deliver it and leaves it in the recipient's reserved area (MC). It forgets everything on restart.
 */
export class SandboxSdiExchange implements SdiExchange {
  private readonly answers = new Map<string, { digest: string; outcome: SdiOutcome }>();
  private readonly delivered = new Set<string>();
  private nextId = 1;

  async transmit({ fileName, xml, sentAt }: SdiFile): Promise<SdiOutcome> {
    const digest = createHash('sha256').update(xml).digest('hex');
    const earlier = this.answers.get(fileName);
    if (earlier?.digest === digest) return earlier.outcome;
    const sdiId = String(this.nextId++);
    // The sandbox answers at once: its receipt is dated with the send.
    const at = sentAt.toISOString();
    const errors = earlier ? [error('00002', `Nome file duplicato: ${fileName}`)] : this.check(fileName, xml);
    const invoiceKey = `${field(xml, 'CedentePrestatore', 'IdCodice')}|${field(xml, 'DatiGeneraliDocumento', 'Data')?.slice(0, 4)}|${field(xml, 'DatiGeneraliDocumento', 'Numero')}`;
    if (errors.length === 0 && this.delivered.has(invoiceKey))
      errors.push(error('00404', 'Fattura duplicata'));
    const outcome: SdiOutcome =
      errors.length > 0
        ? { type: 'NS', sdiId, at, errors }
        : field(xml, 'DatiTrasmissione', 'CodiceDestinatario') === '0000000' &&
            !field(xml, 'DatiTrasmissione', 'PECDestinatario')
          ? { type: 'MC', sdiId, at }
          : { type: 'RC', sdiId, at };
    if (outcome.type !== 'NS') this.delivered.add(invoiceKey);
    if (!earlier) this.answers.set(fileName, { digest, outcome });
    return outcome;
  }

  private check(fileName: string, xml: string): SdiError[] {
    if (!/^IT\d{11}_[A-Za-z0-9]{5}\.xml$/.test(fileName))
      return [error('00001', `Nome file non valido: ${fileName}`)];
    if (!/<p:FatturaElettronica [^>]*versione="FP[AR]12"/.test(xml))
      return [error('00200', 'File non conforme al formato: non è una FatturaPA 1.2')];
    const sellerVat = field(xml, 'CedentePrestatore', 'IdCodice');
    if (!registered(sellerVat))
      return [
        error(
          '00301',
          `1.2.1.1.2 <IdCodice> del CedentePrestatore non valido: ${sellerVat} non risulta in Anagrafe Tributaria`,
        ),
      ];
    const buyerVat = field(xml, 'CessionarioCommittente', 'IdCodice');
    if (buyerVat !== null && !registered(buyerVat))
      return [
        error(
          '00305',
          `1.4.1.1.2 <IdCodice> del CessionarioCommittente non valido: ${buyerVat} non risulta in Anagrafe Tributaria`,
        ),
      ];
    return [];
  }
}

const error = (code: string, description: string): SdiError => ({ code, description });
