import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// Every hash has its own random salt; the stored form records the parameters, so they can be raised later and old
// hashes still verify: scrypt$N$r$p$salt$key.
const MAXMEM = 64 * 1024 * 1024;
const KEYLEN = 32;

export interface HashStrength { N: number; r: number; p: number }
/** N=2^15, r=8, p=1: OWASP's minimum for scrypt (~90 ms here). Every real account. */
export const STANDARD: HashStrength = { N: 2 ** 15, r: 8, p: 1 };
/**
 * The demo county's 2,282 accounts share a password printed in the README, so their hashes protect nothing; they get
 * their own salts but a light cost (~1 ms) so a demo seed takes about a second, not minutes. A demo user who changes
 * the password gets a STANDARD hash.
 */
export const DEMO: HashStrength = { N: 2 ** 9, r: 8, p: 1 };
/**
 * One-time passwords issued in a batch (a county's imported people, thousands at once). Their strength is in the
 * password, not the hash: 12 characters drawn at random from 55 (~69 bits), where STANDARD's cost protects passwords
 * people choose. They are changed at first login, which writes a STANDARD hash. N=2^10 (~3 ms, 1 MB) keeps scrypt's
 * memory-hardness and makes 3,000 of them seconds, not the minutes 3,000 STANDARD hashes take on two cores.
 */
export const ONE_TIME: HashStrength = { N: 2 ** 10, r: 8, p: 1 };

const options = (s: HashStrength): ScryptOptions => ({ N: s.N, r: s.r, p: s.p, maxmem: MAXMEM });
const format = (s: HashStrength, salt: Buffer, key: Buffer) => `scrypt$${s.N}$${s.r}$${s.p}$${salt.toString('base64')}$${key.toString('base64')}`;

/** Hashes a password with a fresh salt, blocking (scripts, imports, the seed). */
export function hashPassword(password: string, strength: HashStrength = STANDARD): string {
  const salt = randomBytes(16);
  return format(strength, salt, scryptSync(password, salt, KEYLEN, options(strength)));
}

/** The same, on libuv's thread pool, so a server handler does not stall the event loop (and batches run in parallel). */
export async function hashPasswordAsync(password: string, strength: HashStrength = STANDARD): Promise<string> {
  const salt = randomBytes(16);
  const key = await new Promise<Buffer>((resolve, reject) => scrypt(password, salt, KEYLEN, options(strength), (err, k) => (err ? reject(err) : resolve(k))));
  return format(strength, salt, key);
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await new Promise<Buffer>((resolve, reject) =>
    scrypt(password, Buffer.from(salt, 'base64'), expected.length, options({ N: Number(n), r: Number(r), p: Number(p) }), (err, k) =>
      err ? reject(err) : resolve(k),
    ),
  );
  return timingSafeEqual(actual, expected);
}

/** Stored for an account that has no password yet (imported people): no password verifies against it. */
export const LOCKED_PASSWORD_HASH = 'locked$no-password-set';
