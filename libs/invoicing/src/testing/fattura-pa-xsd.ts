import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Why the XSD check cannot run here, or null: it needs Debian's xmllint (libxml2-utils). In CI, which
 * installs it (.ci/run), its absence fails the run rather than skip the check.
 */
export function xmllintMissing(): string | null {
  const probe = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
  if (!probe.error) return null;
  if (process.env.CI === 'true') throw new Error('xmllint is missing in CI: .ci/run installs libxml2-utils');
  return 'no xmllint (apt-get install libxml2-utils)';
}

let schemaFile: string | null = null;

/**
 * The official FatturaPA 1.2.1 schema, as @digitalia/fatturapa ships it. Its one import, the W3C's
 * XML-signature schema for the optional `ds:Signature`, points at w3.org: it is pointed at a local
 * declaration of that element instead (our files are not signed; the exchange accepts unsigned
 * invoices from an intermediary), so the validation needs no network and checks everything else.
 */
function fatturaPaSchema(): string {
  if (schemaFile) return schemaFile;
  const dir = mkdtempSync(join(tmpdir(), 'fatturapa-xsd-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const official = readFileSync(
    join(require.resolve('@digitalia/fatturapa/package.json'), '..', 'src', 'schemas', 'Schema_1.2.1.xsd'),
    'utf8',
  );
  const location = 'http://www.w3.org/TR/2002/REC-xmldsig-core-20020212/xmldsig-core-schema.xsd';
  if (!official.includes(location))
    throw new Error('the FatturaPA schema no longer imports xmldsig from w3.org');
  writeFileSync(
    join(dir, 'xmldsig-signature.xsd'),
    '<?xml version="1.0" encoding="utf-8"?>\n' +
      '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.w3.org/2000/09/xmldsig#">\n' +
      '  <xs:element name="Signature" type="xs:anyType"/>\n' +
      '</xs:schema>\n',
  );
  writeFileSync(join(dir, 'Schema_1.2.1.xsd'), official.replace(location, 'xmldsig-signature.xsd'));
  return (schemaFile = join(dir, 'Schema_1.2.1.xsd'));
}

/** xmllint's verdict on a document against the FatturaPA schema: null when valid, else its errors. */
export function fatturaPaSchemaErrors(xml: string): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'fatturapa-doc-'));
  const file = join(dir, 'invoice.xml');
  writeFileSync(file, xml);
  try {
    execFileSync('xmllint', ['--noout', '--nonet', '--schema', fatturaPaSchema(), file], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return null;
  } catch (error) {
    return String((error as { stderr?: string }).stderr ?? error);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
