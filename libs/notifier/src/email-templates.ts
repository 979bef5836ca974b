import { OrderEvent, Payee, PaymentInstructions, ServiceEvent, ServiceRenewal } from '@app/renewals/domain';
import { italianDates, italianTerm } from '@app/kernel';
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

/** Who writes, to whom, and where the links lead: the same for every email. */
export interface EmailContext {
  /** Where the customer area is (PUBLIC_URL), without a trailing slash. */
  publicUrl: string;
  /** The provider: its name, and the contacts printed in the footer. */
  provider: Payee;
  /** The holder's name for the greeting; null when not known ("Gentile cliente"). */
  customerName: string | null;
}

interface Action {
  label: string;
  url: string;
}

interface Letter {
  template: RenderedEmail['template'];
  subject: string;
  title: string;
  paragraphs: string[];
  list?: string[];
  /** The buttons (the first is the main one), also written out in the text part. */
  actions?: Action[];
  closing?: string[];
  /** Why this email came (the footer's first line). */
  reason: string;
}

const greeting = (ctx: EmailContext) => `Gentile ${ctx.customerName ?? 'cliente'},`;

function footerLines(ctx: EmailContext): string[] {
  const { name, contacts } = ctx.provider;
  return [
    contacts ? `${name} - ${contacts.address} - P. IVA ${contacts.vatNumber}` : name,
    ...(contacts ? [`Assistenza: ${contacts.email} - tel. ${contacts.phone} - ${contacts.website}`] : []),
  ];
}

/**
 * An email in two parts: plain text (what every client shows) and HTML that looks like a provider's email
 * (a header with the brand, the message, buttons for the links, a footer with the provider's contacts).
 * Inline styles and tables only: what email clients render.
 */
function letter(ctx: EmailContext, raw: Letter): RenderedEmail {
  // Dates as Italian sentences write them ("l'11 dicembre", "1° novembre").
  const l = {
    ...raw,
    subject: italianDates(raw.subject),
    title: italianDates(raw.title),
    paragraphs: raw.paragraphs.map(italianDates),
    list: raw.list?.map(italianDates),
    closing: raw.closing?.map(italianDates),
  };
  const list = l.list ?? [];
  const actions = l.actions ?? [];
  const closing = l.closing ?? [];
  const text = [
    greeting(ctx),
    '',
    ...l.paragraphs,
    ...(list.length ? ['', ...list.map((item) => `- ${item}`)] : []),
    ...(actions.length ? ['', ...actions.map((a) => `${a.label}: ${a.url}`)] : []),
    ...(closing.length ? ['', ...closing] : []),
    '',
    'Cordiali saluti,',
    `il Servizio Clienti di ${ctx.provider.name}`,
    '',
    '--',
    l.reason,
    ...footerLines(ctx),
  ].join('\n');
  const p = (line: string) =>
    `<p style="margin:0 0 14px;font-size:15px;line-height:1.5;color:#1f2937">${escapeHtml(line)}</p>`;
  const button = (a: Action, main: boolean) =>
    `<a href="${escapeHtml(a.url)}" style="display:inline-block;margin:4px 8px 4px 0;padding:11px 18px;border-radius:6px;font-size:15px;font-weight:bold;text-decoration:none;${
      main ? 'background:#1d4ed8;color:#ffffff' : 'background:#ffffff;color:#1d4ed8;border:1px solid #1d4ed8'
    }">${escapeHtml(a.label)}</a>`;
  const html = `<!doctype html>
<html lang="it"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(l.title)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6;font-family:Helvetica,Arial,sans-serif">
<table role="presentation" width="100%" cellspacing="0" cellpadding="0" style="background:#f3f4f6"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellspacing="0" cellpadding="0" style="max-width:600px;background:#ffffff;border-radius:8px;overflow:hidden">
<tr><td style="background:#1e3a8a;padding:16px 24px;color:#ffffff;font-size:18px;font-weight:bold">${escapeHtml(ctx.provider.name)} · Fatturazione Elettronica</td></tr>
<tr><td style="padding:24px">
<h1 style="margin:0 0 16px;font-size:20px;line-height:1.3;color:#111827">${escapeHtml(l.title)}</h1>
${p(greeting(ctx))}
${l.paragraphs.map(p).join('\n')}
${list.length ? `<ul style="margin:0 0 14px;padding-left:20px;font-size:15px;line-height:1.5;color:#1f2937">${list.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>` : ''}
${actions.length ? `<p style="margin:8px 0 18px">${actions.map((a, i) => button(a, i === 0)).join('')}</p>` : ''}
${closing.map(p).join('\n')}
${p('Cordiali saluti,')}
<p style="margin:0;font-size:15px;color:#1f2937">il Servizio Clienti di ${escapeHtml(ctx.provider.name)}</p>
</td></tr>
<tr><td style="padding:16px 24px;background:#f9fafb;border-top:1px solid #e5e7eb;font-size:12px;line-height:1.5;color:#6b7280">
${[l.reason, ...footerLines(ctx)].map((line) => `${escapeHtml(line)}<br>`).join('\n')}
</td></tr></table></td></tr></table></body></html>`;
  return { template: l.template, subject: l.subject, text, html };
}

const links = (ctx: EmailContext) => ({
  services: `${ctx.publicUrl}/#/services`,
  order: (orderId: string) => `${ctx.publicUrl}/#/orders/${orderId}`,
  pay: (orderId: string) => `${ctx.publicUrl}/#/orders/${orderId}/pay`,
  /** Straight to the renewal cart (it is opened, or the open one shown, once logged in). */
  renew: (serviceId: string) => `${ctx.publicUrl}/#/services/${serviceId}/renew`,
});

const holderReason = (serviceName: string) =>
  `Ricevi questa email perché sei il titolare del servizio "${serviceName}".`;

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
        `Paga l'ordine ${pay.orderNumber} con ${pay.method === 'PAYPAL' ? 'PayPal' : 'la carta di credito'} dal pulsante "Paga ora" (o dall'area clienti, "I miei ordini").`,
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
  ctx: EmailContext,
): RenderedEmail {
  const pay = data.paymentInstructions;
  const title = `Conferma ordine n. ${data.orderNumber}`;
  const action = data.kind === 'REACTIVATE' ? 'riattivazione' : 'rinnovo';
  const online = pay.method === 'CREDIT_CARD' || pay.method === 'PAYPAL';
  const to = links(ctx);
  return letter(ctx, {
    template: 'ORDER_CONFIRMED',
    subject: `${title} - ${action} Fatturazione Elettronica`,
    title,
    paragraphs: [
      `il tuo ordine di ${action} del servizio "${serviceName}" è confermato con il numero ${data.orderNumber}.`,
      `Durata: ${italianTerm(data.years)}. Totale da pagare: ${formatEuro(data.quote.grossCents)} (imponibile ${formatEuro(data.quote.taxableCents)}, IVA ${formatEuro(data.quote.vatCents)}).`,
      `Metodo di pagamento: ${WORDS.it.methods[pay.method]} (${WORDS.it.registrationTimes[pay.method]}). Ecco come pagare:`,
    ],
    list: [...paymentSteps(pay), `Importo: ${formatEuro(pay.amountCents)}.`],
    actions: online
      ? [
          { label: `Paga ora l'ordine ${data.orderNumber}`, url: to.pay(data.orderId) },
          { label: "Vedi l'ordine", url: to.order(data.orderId) },
        ]
      : [{ label: "Vedi l'ordine e come pagarlo", url: to.order(data.orderId) }],
    closing: [
      `Paga entro il ${formatDate(data.payBy)}: dopo questa data l'ordine scade.`,
      `Il ${action} sarà completato quando registreremo il pagamento. Indica sempre il numero d'ordine ${data.orderNumber}.`,
    ],
    reason: holderReason(serviceName),
  });
}

/** The renewal is complete: the payment was registered and the service extended. */
export function renewalCompletedEmail(
  data: ServiceRenewal,
  serviceName: string,
  reactivated: boolean,
  ctx: EmailContext,
): RenderedEmail {
  const what = reactivated ? 'riattivato' : 'rinnovato';
  const title = `Servizio ${what}: ordine n. ${data.orderNumber}`;
  return letter(ctx, {
    template: 'RENEWAL_COMPLETED',
    subject: `${title} - Fatturazione Elettronica`,
    title,
    paragraphs: [
      `abbiamo registrato il pagamento dell'ordine n. ${data.orderNumber}.`,
      `Il servizio "${serviceName}" è ${what} per ${italianTerm(data.years)}: la nuova scadenza è il ${formatDate(data.expiresAt)}.`,
    ],
    list: [
      `Spazio aggiuntivo: ${data.storagePacks} GB`,
      `Utenti aggiuntivi: ${data.extraUsers}`,
      `Modulo Ordini Elettronici NSO: ${data.nso ? 'attivo' : 'non attivo'}`,
      `Rinnovo automatico: ${data.autoRenew ? 'attivo' : 'non attivo'}`,
    ],
    actions: [{ label: 'Vai ai tuoi servizi', url: links(ctx).services }],
    reason: holderReason(serviceName),
  });
}

/** The auto-renew charge was declined: the renewal order now awaits payment like any other. */
export function autoRenewalDeclinedEmail(
  data: Extract<OrderEvent, { type: 'AutoRenewalChargeDeclined' }>['data'],
  serviceName: string,
  ctx: EmailContext,
): RenderedEmail {
  const pay = data.paymentInstructions;
  const title = `Rinnovo automatico non riuscito: ordine n. ${data.orderNumber}`;
  const to = links(ctx);
  return letter(ctx, {
    template: 'AUTO_RENEWAL_DECLINED',
    subject: `${title} - Fatturazione Elettronica`,
    title,
    paragraphs: [
      `non siamo riusciti ad addebitare il rinnovo automatico del servizio "${serviceName}": ${declineWords(data.code)}`,
      `Abbiamo creato l'ordine di rinnovo n. ${data.orderNumber}, in attesa di pagamento, per ${formatEuro(pay.amountCents)}. Il rinnovo automatico è sospeso finché l'ordine non è pagato.`,
      "Aggiorna i tuoi dati di pagamento e paga l'ordine, oppure annullalo dall'area clienti e rinnova con un altro metodo:",
    ],
    list: [...paymentSteps(pay), `Importo: ${formatEuro(pay.amountCents)}.`],
    actions: [
      { label: `Paga l'ordine ${data.orderNumber}`, url: to.pay(data.orderId) },
      { label: 'Vai ai tuoi servizi', url: to.services },
    ],
    closing: [
      `Paga entro il ${formatDate(data.payBy)}: dopo questa data l'ordine scade. Indica sempre il numero d'ordine ${data.orderNumber}.`,
    ],
    reason: holderReason(serviceName),
  });
}

/** "oggi", "domani", "tra 12 giorni". */
function inDays(days: number): string {
  return days <= 0 ? 'oggi' : days === 1 ? 'domani' : `tra ${days} giorni`;
}

/** N days before expiry (90, 30, 7 by default), saying the days really left, with a link to the cart. */
export function expiryReminderEmail(
  data: Extract<ServiceEvent, { type: 'ExpiryReminderDue' }>['data'],
  serviceName: string,
  ctx: EmailContext,
): RenderedEmail {
  const title = `Il servizio "${serviceName}" scade il ${formatDate(data.expiresAt)}`;
  // The days really left when it was recorded (a reminder recorded late says so); older events: the tier.
  const left = inDays(data.daysLeft ?? data.daysBefore);
  return letter(ctx, {
    template: 'EXPIRY_REMINDER',
    subject: `Promemoria: ${serviceName} scade ${left}`,
    title,
    paragraphs: [
      `il servizio "${serviceName}" scade il ${formatDate(data.expiresAt)}, ${left}.`,
      'Puoi rinnovarlo subito: il pulsante qui sotto apre il carrello del rinnovo nella tua area clienti. Ti consigliamo di pagare almeno 15 giorni prima della scadenza per evitare interruzioni.',
      "Se il rinnovo automatico è attivo non devi fare nulla: addebiteremo la carta o il conto PayPal salvato qualche giorno prima della scadenza e ti scriveremo l'esito.",
    ],
    actions: [
      { label: `Rinnova ${serviceName}`, url: links(ctx).renew(data.serviceId) },
      { label: 'Vai ai tuoi servizi', url: links(ctx).services },
    ],
    reason: holderReason(serviceName),
  });
}

/** On the day of expiry: the service can be reactivated until the grace end. */
export function expiryNoticeEmail(
  data: Extract<ServiceEvent, { type: 'ServiceExpired' }>['data'],
  serviceName: string,
  ctx: EmailContext,
): RenderedEmail {
  return letter(ctx, {
    template: 'EXPIRY_NOTICE',
    subject: `${serviceName} è scaduto: puoi riattivarlo`,
    title: `Il servizio "${serviceName}" è scaduto`,
    paragraphs: [
      `il servizio "${serviceName}" è scaduto il ${formatDate(data.expiresAt)}.`,
      `Puoi riattivarlo fino al ${formatDate(data.graceEndsAt)}. Dopo questa data il servizio sarà cancellato e i dati eliminati.`,
    ],
    actions: [{ label: `Riattiva ${serviceName}`, url: links(ctx).renew(data.serviceId) }],
    reason: holderReason(serviceName),
  });
}

/** Before the grace end (15 days by default): the service and its data will be deleted. */
export function deletionWarningEmail(
  data: Extract<ServiceEvent, { type: 'ServiceDeletionWarningDue' }>['data'],
  serviceName: string,
  ctx: EmailContext,
): RenderedEmail {
  return letter(ctx, {
    template: 'DELETION_WARNING',
    subject: `Ultimo avviso: ${serviceName} sarà cancellato`,
    title: `Il servizio "${serviceName}" sarà cancellato il ${formatDate(data.deletesAt)}`,
    paragraphs: [
      `il servizio "${serviceName}" è scaduto il ${formatDate(data.expiresAt)} e il ${formatDate(data.deletesAt)} sarà cancellato, con tutti i suoi dati.`,
      'Per non perdere i dati riattivalo prima di quella data.',
    ],
    actions: [{ label: `Riattiva ${serviceName}`, url: links(ctx).renew(data.serviceId) }],
    reason: holderReason(serviceName),
  });
}
