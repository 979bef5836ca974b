import { describe, expect, it } from '@jest/globals';
import { signPayload, verifySignature } from './provider-signature';

describe('payment provider signature', () => {
  const body = '{"orderNumber":"FE-2026-000001","amountCents":3050}';
  const now = new Date('2026-11-25T10:00:00.000Z');
  const t = now.getTime() / 1000;

  it('accepts the signature of the exact body within five minutes', () => {
    expect(verifySignature('s3cret', Buffer.from(body), signPayload('s3cret', body, t), now)).toBe('VALID');
    expect(verifySignature('s3cret', Buffer.from(body), signPayload('s3cret', body, t - 300), now)).toBe(
      'VALID',
    );
  });

  it('refuses another body, another secret, an old or a malformed signature', () => {
    expect(verifySignature('s3cret', Buffer.from(body + ' '), signPayload('s3cret', body, t), now)).toBe(
      'MISMATCH',
    );
    expect(verifySignature('other', Buffer.from(body), signPayload('s3cret', body, t), now)).toBe('MISMATCH');
    expect(verifySignature('s3cret', Buffer.from(body), signPayload('s3cret', body, t - 301), now)).toBe(
      'EXPIRED',
    );
    expect(verifySignature('s3cret', Buffer.from(body), undefined, now)).toBe('MALFORMED');
    expect(verifySignature('s3cret', Buffer.from(body), `t=${t},v1=zz`, now)).toBe('MALFORMED');
  });
});
