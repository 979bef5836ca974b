import { OrderEvent, PaymentInstructions, ServiceEvent, ServiceRenewal } from '@app/renewals/domain';
import { WORDS } from './words';

export interface RenderedEmail {
  template:
    | 'ORDER_CONFIRMED'
    | 'RENEWAL_COMPLETED'
    | 'AUTO_RENEWAL_DECLINED'
    | 'EXPIRY_REMINDER'
    | 'EXPIRY_NOTICE'
    | 'DELETION_WARNING';
  subject: string;
  text: string;
  html: string;
}

const euro = new Intl.NumberFormat('it-IT', { style: 'currency', currency: 'EUR' });
const longDate = new Intl.DateTimeFormat('it-IT', { dateStyle: 'long', timeZone: 'Europe/Rome' });

export const formatEuro = (cents: number) => euro.format(cents / 100);
export const formatDate = (iso: string) => longDate.format(new Date(iso));

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

function html(title: string, paragraphs: string[], list: string[] = []): string {
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  const items = list.length ? `<ul>${list.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>` : '';
  return `<!doctype html><html lang="it"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>
<h1>${escapeHtml(title)}</h1>
${body}
${items}
<p>Cordiali saluti,<br>il Servizio Clienti</p></body></html>`;
}

/** Why a charge was declined, by the provider's code (a code without words of its own: declined). */
const declineWords = (code: string): string =>
  (WORDS.it.declines as Record<string, string>)[code] ?? WORDS.it.declines.OTHER;

/** How to pay, step by step, from the instructions' facts. */
export function paymentSteps(pay: PaymentInstructions): string[] {
  const payee = pay.payee;
  switch (pay.method) {
    case 'CREDIT_CARD':
    case 'PAYPAL':
      return [
        `Accedi all'area clienti, apri "I miei ordini" e paga l'ordine ${pay.orderNumber} con ${pay.method === 'PAYPAL' ? 'PayPal' : 'carta di credito'}.`,
      ];
    case 'BANK_TRANSFER':
      return [
        `Esegui un bonifico a ${payee?.name}, IBAN ${payee?.iban} (BIC ${payee?.bic}).`,
        `Indica come causale: "${pay.reference}".`,
      ];
    case 'PREFILLED_SLIP':
      return [
        `Stampa il bollettino precompilato dall'area clienti (ordine ${pay.orderNumber}) e pagalo presso un ufficio postale o una ricevitoria abilitata.`,
      ];
    case 'POSTAL_SLIP':
      return [
        `Compila un bollettino postale intestato a ${payee?.name}, conto corrente n. ${payee?.postalAccount}.`,
        `Indica come causale: "${pay.reference}".`,
      ];
  }
}

/** "L'ordine è confermato": how to pay, with the order number to quote. */
export function orderConfirmedEmail(
  data: Extract<OrderEvent, { type: 'OrderConfirmed' }>['data'],
  serviceName: string,
): RenderedEmail {
  const pay = data.paymentInstructions;
  const title = `Conferma ordine n. ${data.orderNumber}`;
  const action = data.kind === 'REACTIVATE' ? 'riattivazione' : 'rinnovo';
  const paragraphs = [
    `Gentile cliente, il tuo ordine di ${action} del servizio "${serviceName}" è confermato con il numero ${data.orderNumber}.`,
    `Durata: ${data.years} ${data.years === 1 ? 'anno' : 'anni'}. Totale da pagare: ${formatEuro(data.quote.grossCents)} (imponibile ${formatEuro(data.quote.taxableCents)}, IVA ${formatEuro(data.quote.vatCents)}).`,
    `Metodo di pagamento: ${WORDS.it.methods[pay.method]} (${WORDS.it.registrationTimes[pay.method]}). Ecco come pagare:`,
  ];
  return withPaymentSteps(
    'ORDER_CONFIRMED',
    `${title} - ${action} Fatturazione Elettronica`,
    title,
    paragraphs,
    pay,
    [
      `Paga entro il ${formatDate(data.payBy)}: dopo questa data l'ordine scade.`,
      `Il ${action} sarà completato quando registreremo il pagamento. Indica sempre il numero d'ordine ${data.orderNumber}.`,
    ],
  );
}

/** An email that says how to pay: the paragraphs, the payment steps with the amount, then the closing lines. */
function withPaymentSteps(
  template: RenderedEmail['template'],
  subject: string,
  title: string,
  paragraphs: string[],
  pay: PaymentInstructions,
  closing: string[],
): RenderedEmail {
  const steps = [...paymentSteps(pay), `Importo: ${formatEuro(pay.amountCents)}.`];
  return {
    template,
    subject,
    text: [
      ...paragraphs,
      ...steps.map((step) => `- ${step}`),
      ...closing,
      '',
      'Cordiali saluti,',
      'il Servizio Clienti',
    ].join('\n'),
    html: html(title, paragraphs, steps).replace(
      '<p>Cordiali',
      `${closing.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}\n<p>Cordiali`,
    ),
  };
}

/** The renewal is complete: the payment was registered and the service extended. */
export function renewalCompletedEmail(
  data: ServiceRenewal,
  serviceName: string,
  reactivated: boolean,
): RenderedEmail {
  const what = reactivated ? 'riattivato' : 'rinnovato';
  const title = `Servizio ${what}: ordine n. ${data.orderNumber}`;
  const paragraphs = [
    `Gentile cliente, abbiamo registrato il pagamento dell'ordine n. ${data.orderNumber}.`,
    `Il servizio "${serviceName}" è ${what} per ${data.years} ${data.years === 1 ? 'anno' : 'anni'}: la nuova scadenza è il ${formatDate(data.expiresAt)}.`,
  ];
  const list = [
    `Spazio aggiuntivo: ${data.storagePacks} GB`,
    `Utenti aggiuntivi: ${data.extraUsers}`,
    `Modulo Ordini Elettronici NSO: ${data.nso ? 'attivo' : 'non attivo'}`,
    `Rinnovo automatico: ${data.autoRenew ? 'attivo' : 'non attivo'}`,
  ];
  return {
    template: 'RENEWAL_COMPLETED',
    subject: `${title} - Fatturazione Elettronica`,
    text: [
      ...paragraphs,
      ...list.map((item) => `- ${item}`),
      '',
      'Cordiali saluti,',
      'il Servizio Clienti',
    ].join('\n'),
    html: html(title, paragraphs, list),
  };
}

function plain(
  template: RenderedEmail['template'],
  subject: string,
  title: string,
  paragraphs: string[],
): RenderedEmail {
  return {
    template,
    subject,
    text: [...paragraphs, '', 'Cordiali saluti,', 'il Servizio Clienti'].join('\n'),
    html: html(title, paragraphs),
  };
}

/** The auto-renew charge was declined: the renewal order now awaits payment like any other. */
export function autoRenewalDeclinedEmail(
  data: Extract<OrderEvent, { type: 'AutoRenewalChargeDeclined' }>['data'],
  serviceName: string,
): RenderedEmail {
  const pay = data.paymentInstructions;
  const title = `Rinnovo automatico non riuscito: ordine n. ${data.orderNumber}`;
  const paragraphs = [
    `Gentile cliente, non siamo riusciti ad addebitare il rinnovo automatico del servizio "${serviceName}": ${declineWords(data.code)}`,
    `Abbiamo creato l'ordine di rinnovo n. ${data.orderNumber}, in attesa di pagamento, per ${formatEuro(pay.amountCents)}. Il rinnovo automatico è sospeso finché l'ordine non è pagato.`,
    "Puoi pagarlo così, oppure annullarlo dall'area clienti e rinnovare con un altro metodo:",
  ];
  return withPaymentSteps(
    'AUTO_RENEWAL_DECLINED',
    `${title} - Fatturazione Elettronica`,
    title,
    paragraphs,
    pay,
    [
      `Paga entro il ${formatDate(data.payBy)}: dopo questa data l'ordine scade. Indica sempre il numero d'ordine ${data.orderNumber}.`,
    ],
  );
}

/** "oggi", "domani", "tra 12 giorni". */
function inDays(days: number): string {
  return days <= 0 ? 'oggi' : days === 1 ? 'domani' : `tra ${days} giorni`;
}

/** N days before expiry (90, 30, 7 by default), saying the days really left. */
export function expiryReminderEmail(
  data: Extract<ServiceEvent, { type: 'ExpiryReminderDue' }>['data'],
  serviceName: string,
): RenderedEmail {
  const title = `Il servizio "${serviceName}" scade il ${formatDate(data.expiresAt)}`;
  // The days really left when it was recorded (a reminder recorded late says so); older events: the tier.
  const left = inDays(data.daysLeft ?? data.daysBefore);
  return plain('EXPIRY_REMINDER', `Promemoria: ${serviceName} scade ${left}`, title, [
    `Gentile cliente, il servizio "${serviceName}" scade il ${formatDate(data.expiresAt)}, ${left}.`,
    "Per rinnovarlo accedi all'area clienti e scegli Gestisci e poi Rinnova. Ti consigliamo di pagare almeno 15 giorni prima della scadenza per evitare interruzioni.",
    "Se il rinnovo automatico è attivo non devi fare nulla: addebiteremo la carta o il conto PayPal salvato qualche giorno prima della scadenza e ti scriveremo l'esito.",
  ]);
}

/** On the day of expiry: the service can be reactivated until the grace end. */
export function expiryNoticeEmail(
  data: Extract<ServiceEvent, { type: 'ServiceExpired' }>['data'],
  serviceName: string,
): RenderedEmail {
  const title = `Il servizio "${serviceName}" è scaduto`;
  return plain('EXPIRY_NOTICE', `${serviceName} è scaduto: puoi riattivarlo`, title, [
    `Gentile cliente, il servizio "${serviceName}" è scaduto il ${formatDate(data.expiresAt)}.`,
    `Puoi riattivarlo fino al ${formatDate(data.graceEndsAt)} dall'area clienti (Gestisci e poi Riattiva). Dopo questa data il servizio sarà cancellato e i dati eliminati.`,
  ]);
}

/** Before the grace end (15 days by default): the service and its data will be deleted. */
export function deletionWarningEmail(
  data: Extract<ServiceEvent, { type: 'ServiceDeletionWarningDue' }>['data'],
  serviceName: string,
): RenderedEmail {
  const title = `Il servizio "${serviceName}" sarà cancellato il ${formatDate(data.deletesAt)}`;
  return plain('DELETION_WARNING', `Ultimo avviso: ${serviceName} sarà cancellato`, title, [
    `Gentile cliente, il servizio "${serviceName}" è scaduto il ${formatDate(data.expiresAt)} e il ${formatDate(data.deletesAt)} sarà cancellato, con tutti i suoi dati.`,
    "Per non perdere i dati riattivalo prima di quella data dall'area clienti (Gestisci e poi Riattiva).",
  ]);
}
