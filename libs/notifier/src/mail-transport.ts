import { mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { OutgoingEmail, eml } from './eml';

export type { OutgoingEmail };

export interface MailTransport {
  readonly description: string;
  send(email: OutgoingEmail): Promise<void>;
  close(): Promise<void>;
}
export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');

/**
 * The message nodemailer sends over SMTP. The Message-ID comes from the outbox row, so a receiver can drop
 * the copy of a resent email.
 */
export function smtpMessage(from: string, email: OutgoingEmail) {
  return {
    from,
    to: email.to,
    subject: email.subject,
    text: email.text,
    html: email.html,
    messageId: `<${email.id}@renewals.local>`,
    headers: { 'X-Outbox-Id': email.id },
  };
}

export class SmtpMailTransport implements MailTransport {
  private readonly transporter;
  readonly description: string;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transporter = nodemailer.createTransport(url);
    this.description = `SMTP ${new URL(url).host}`;
  }

  async send(email: OutgoingEmail): Promise<void> {
    await this.transporter.sendMail(smtpMessage(this.from, email));
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}

/** Without SMTP_URL: each email is an RFC 5322 .eml file, readable by any mail client. */
export class FileMailTransport implements MailTransport {
  readonly description: string;

  constructor(
    private readonly dir: string,
    private readonly from: string,
  ) {
    mkdirSync(dir, { recursive: true });
    this.description = `.eml files in ${dir}`;
  }

  async send(email: OutgoingEmail): Promise<void> {
    // Asynchronously: creating a file can wait on the file system's journal, which the event loop must not.
    await writeFile(join(this.dir, `${email.id}.eml`), eml(this.from, email, new Date()));
  }

  async close(): Promise<void> {}
}
