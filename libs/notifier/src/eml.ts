/** An email as the outbox holds it, to be sent. */
export interface OutgoingEmail {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * An email as an RFC 5322 message (an `.eml` file): multipart/alternative with the text and the HTML,
 * UTF-8 in quoted-printable (readable as it is), headers with non-ASCII words as RFC 2047 encoded words,
 * lines ending in LF as mail clients read files. The file transport writes these (0.1 ms of CPU for one of
 * our emails; nodemailer's stream pipeline took 0.5-1.2 ms); the SMTP transport leaves its message to
 * nodemailer (decisions.md #43).
 */
export function eml(from: string, email: OutgoingEmail, date: Date): string {
  const boundary = `----=_renewals_${email.id}`;
  return [
    `X-Outbox-ID: ${headerText(email.id)}`,
    `From: ${mailbox(from)}`,
    `To: ${mailbox(email.to)}`,
    `Subject: ${encodedWords(email.subject)}`,
    `Message-ID: <${headerText(email.id)}@renewals.local>`,
    `Date: ${rfc5322Date(date)}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative;\n boundary="${boundary}"`,
    '',
    ...part(boundary, 'text/plain', email.text),
    ...part(boundary, 'text/html', email.html),
    `--${boundary}--`,
    '',
  ].join('\n');
}

/** One alternative of the message: its boundary, its headers, its body in quoted-printable. */
function part(boundary: string, type: string, body: string): string[] {
  return [
    `--${boundary}`,
    `Content-Type: ${type}; charset=utf-8`,
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(body),
  ];
}

/** A header's text on one line: line breaks (a header injection) become spaces. */
function headerText(value: string): string {
  return value.replace(/[\r\n]+/g, ' ');
}

const ASCII_PRINTABLE = /^[\x20-\x7e]*$/;

/** `Name <address>` with a non-ASCII name encoded; a bare address as it is. */
function mailbox(value: string): string {
  const named = /^\s*(.*?)\s*<([^<>]+)>\s*$/.exec(headerText(value));
  if (!named) return headerText(value).trim();
  const [, name, address] = named;
  if (!name) return `<${address}>`;
  const display = ASCII_PRINTABLE.test(name)
    ? /^[\w !#$%&'*+\-/=?^`{|}~.]*$/.test(name)
      ? name
      : `"${name.replace(/(["\\])/g, '\\$1')}"`
    : encodedWords(name);
  return `${display}${display.length + address.length > 60 ? '\n' : ''} <${address}>`;
}

/**
 * A header value: as it is when it is printable ASCII (folded before 78 columns), else RFC 2047 encoded
 * words (`=?UTF-8?B?...?=`) of whole characters, each a folded line of its own.
 */
export function encodedWords(value: string): string {
  const text = headerText(value);
  if (ASCII_PRINTABLE.test(text)) return fold(text);
  const words: string[] = [];
  let chunk = '';
  for (const character of text) {
    // 39 bytes make 52 base64 characters: with `=?UTF-8?B?` and `?=` a word is 64 columns, 73 after `Subject: `.
    if (Buffer.byteLength(chunk + character) > 39) {
      words.push(chunk);
      chunk = '';
    }
    chunk += character;
  }
  if (chunk) words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word).toString('base64')}?=`).join('\n ');
}

/** Folds a header's text at spaces so that lines stay under 78 columns (with the header's name). */
function fold(text: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > 66) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.join('\n ');
}

/**
 * Quoted-printable (RFC 2045 section 6.7) of UTF-8 text: printable ASCII as it is, other bytes as `=XX`,
 * a space or tab before a line's end encoded, soft line breaks (`=`) to keep lines at most 76 columns.
 */
export function quotedPrintable(text: string): string {
  const out: string[] = [];
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    const bytes = Buffer.from(line);
    let encoded = '';
    let column = 0;
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i];
      const last = i === bytes.length - 1;
      const literal = (byte >= 33 && byte <= 126 && byte !== 61) || ((byte === 32 || byte === 9) && !last);
      const piece = literal ? String.fromCharCode(byte) : `=${HEX[byte]}`;
      // Room for the piece and, unless the line ends here, a soft break's `=`.
      if (column + piece.length > (last ? 76 : 75)) {
        encoded += '=\n';
        column = 0;
      }
      encoded += piece;
      column += piece.length;
    }
    out.push(encoded);
  }
  return out.join('\n');
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).toUpperCase().padStart(2, '0'));

/** `Mon, 07 Dec 2026 17:24:20 +0000`. */
function rfc5322Date(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}
