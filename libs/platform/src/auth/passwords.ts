import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import { concurrencyLimit } from '../concurrency';

const scryptAtOnce = promisify(scryptCallback) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: object,
) => Promise<Buffer>;
const PARAMS = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
/**
 * A hash holds a 16 MiB block (128 * N * r bytes) while it runs, on libuv's pool of four threads: at most
 * one per core runs at once (the others wait their turn), which is as fast in all on the cores there are
 * and bounds that memory. On our two cores, a burst of logins held 64 MiB at once, 32 now (docs/decisions.md #39).
 */
const oneHashPerCore = concurrencyLimit(Math.min(4, availableParallelism()));
const scrypt = (password: string, salt: Buffer, keylen: number, options: object) =>
  oneHashPerCore(() => scryptAtOnce(password, salt, keylen, options));

/** scrypt$N$r$p$salt$hash, base64url. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, 32, PARAMS);
  return [
    'scrypt',
    PARAMS.N,
    PARAMS.r,
    PARAMS.p,
    salt.toString('base64url'),
    hash.toString('base64url'),
  ].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: PARAMS.maxmem,
  });
  return timingSafeEqual(actual, expected);
}
