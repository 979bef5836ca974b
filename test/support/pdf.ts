import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** The text of a PDF's pages (and its document info), as pdf.js reads them. */
export function pdfText(pdf: Buffer): { pages: string[]; info: Record<string, unknown> } {
  const output = execFileSync(process.execPath, [join(__dirname, 'pdf-text.mjs')], { input: pdf });
  return JSON.parse(output.toString('utf8'));
}
