import { describe, expect, it } from '@jest/globals';
import { hashPassword, verifyPassword } from './passwords';

describe('passwords', () => {
  it('verifies each of many hashed at once against its own password only', async () => {
    const passwords = Array.from({ length: 6 }, (_, i) => `password ${i}`);
    const hashes = await Promise.all(passwords.map(hashPassword));
    expect(new Set(hashes).size).toBe(6);
    for (const hash of hashes) expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    const checks = await Promise.all(
      hashes.flatMap((hash, i) => [
        verifyPassword(passwords[i], hash),
        verifyPassword(passwords[(i + 1) % 6], hash),
      ]),
    );
    expect(checks).toEqual(hashes.flatMap(() => [true, false]));
  });

  it('refuses a stored value of another scheme', async () => {
    await expect(verifyPassword('x', 'plain$x')).resolves.toBe(false);
  });
});
