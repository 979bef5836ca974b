import { BusinessRuleViolation } from '@app/kernel';
import { CONSENT_TYPES, ConsentDocuments, ConsentType } from './policy';

/** A consent as recorded: the document, the version the customer accepted, and when. */
export interface RecordedConsent {
  type: ConsentType;
  documentVersion: string;
  acceptedAt: string;
}

/**
 * RENEWAL.md step 9: the general terms, the onerous clauses (art. 1341-1342 c.c., tacit renewal among
 * them) and the privacy notice, each accepted in its current version. Refuses the first one missing or
 * outdated, naming it; otherwise records all three at `now`.
 */
export function recordConsents(
  documents: ConsentDocuments,
  consents: Partial<Record<ConsentType, string | null>>,
  now: Date,
  purpose: string,
): RecordedConsent[] {
  const recorded: RecordedConsent[] = [];
  for (const type of CONSENT_TYPES) {
    const version = consents[type];
    const document = documents[type];
    if (!version)
      throw new BusinessRuleViolation(
        'CONSENT_REQUIRED',
        `"${document.title}" must be accepted to ${purpose}.`,
        `consents.${type}`,
      );
    if (version !== document.version)
      throw new BusinessRuleViolation(
        'CONSENT_DOCUMENT_OUTDATED',
        `"${document.title}" was accepted in version ${version}; the current version is ${document.version}.`,
        `consents.${type}`,
        { currentVersion: document.version },
      );
    recorded.push({ type, documentVersion: version, acceptedAt: now.toISOString() });
  }
  return recorded;
}
