import { describe, expect, it } from '@jest/globals';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { eml } from './eml';
import { OutgoingEmail, smtpMessage } from './mail-transport';

const FROM = 'Fatturazione Elettronica <noreply@hosting-italia.example>';
const email: OutgoingEmail = {
  id: '3e84f00d-7d08-575f-9daa-a4824e6800a6',
  to: 'mario.rossi@demo.it',
  subject: 'Conferma ordine n. FE-2026-000001 – rinnovo “Fatturazione Elettronica” più lungo di una riga',
  text: [
    'Gentile Mario Rossi,',
    '',
    'il tuo ordine di rinnovo del servizio "FE Rossi S.r.l." è confermato con il numero FE-2026-000001, e questa riga è più lunga di settantasei colonne.',
    'Totale da pagare: 176,29\u00a0€ (imponibile 144,50\u00a0€, IVA 31,79\u00a0€). a=b ',
    'Righe con spazi in fondo \t',
    '.',
    'Fine.',
  ].join('\n'),
  html: `<p>Gentile <b>Mario Rossi</b>,</p>\n<p style="margin:0">${'Totale: 176,29&nbsp;€ — è tutto. '.repeat(8)}</p>`,
};

/** The same email as nodemailer writes it for SMTP (and as the file transport wrote it before). */
async function byNodemailer(message: OutgoingEmail): Promise<string> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const info = await transport.sendMail(smtpMessage(FROM, message));
  return (info.message as Buffer).toString();
}

async function read(source: string) {
  const parsed = await simpleParser(source);
  return {
    from: parsed.from?.value,
    to: parsed.to && !Array.isArray(parsed.to) ? parsed.to.value : parsed.to,
    subject: parsed.subject,
    messageId: parsed.messageId,
    outboxId: parsed.headers.get('x-outbox-id'),
    text: parsed.text,
    html: parsed.html,
  };
}

describe('an email as an .eml file', () => {
  it('reads back, through an independent parser, exactly as the same email written by nodemailer', async () => {
    const ours = await read(eml(FROM, email, new Date('2026-12-07T17:24:20.000Z')));
    expect(ours).toEqual(await read(await byNodemailer(email)));
    expect(ours).toMatchObject({
      from: [{ name: 'Fatturazione Elettronica', address: 'noreply@hosting-italia.example' }],
      to: [{ name: '', address: 'mario.rossi@demo.it' }],
      subject: email.subject,
      messageId: `<${email.id}@renewals.local>`,
      outboxId: email.id,
    });
    // The text exactly, its trailing spaces and non-breaking spaces included.
    expect(ours.text).toBe(email.text);
  });

  it('keeps every line within 78 columns, dates it, and is readable as text where the words are ASCII', async () => {
    const source = eml(FROM, email, new Date('2026-12-07T17:24:20.000Z'));
    for (const line of source.split('\n')) expect(line.length).toBeLessThanOrEqual(78);
    expect(source).toContain('\nDate: Mon, 07 Dec 2026 17:24:20 +0000\n');
    expect(source).toContain('Gentile Mario Rossi,');
    expect((await simpleParser(source)).date?.toISOString()).toBe('2026-12-07T17:24:20.000Z');
  });

  it('turns line breaks in a header into spaces: a subject cannot add a header', async () => {
    const parsed = await simpleParser(
      eml(
        FROM,
        { ...email, subject: 'Ordine\r\nBcc: spy@example.com', to: 'a@b.it\nCc: c@d.it' },
        new Date(),
      ),
    );
    expect(parsed.headers.has('bcc')).toBe(false);
    expect(parsed.headers.has('cc')).toBe(false);
    expect(parsed.subject).toBe('Ordine Bcc: spy@example.com');
  });

  it('encodes a sender name that is not ASCII, or that needs quoting', async () => {
    for (const [from, name] of [
      ['Società Hosting <noreply@example.it>', 'Società Hosting'],
      ['Hosting Italia, S.p.A. <noreply@example.it>', 'Hosting Italia, S.p.A.'],
      [
        'Società per la fatturazione elettronica dei servizi di hosting <noreply@example.it>',
        'Società per la fatturazione elettronica dei servizi di hosting',
      ],
    ]) {
      const source = eml(from, email, new Date());
      for (const line of source.split('\n')) expect(line.length).toBeLessThanOrEqual(78);
      const parsed = await simpleParser(source);
      expect(parsed.from?.value).toEqual([{ name, address: 'noreply@example.it' }]);
    }
  });
});
