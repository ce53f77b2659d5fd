// 一案一码: the case code printed on the receipt. It carries 40 random bits (the caller passes the random bytes) and a
// check character, so a made-up or mistyped code is rejected before any lookup and codes cannot be enumerated.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: no I, L, O, U

function checkChar(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum = (sum * 33 + body.charCodeAt(i) * (i + 7)) % 1_000_003;
  return ALPHABET[sum % 32] as string;
}

/** e.g. ZZ20261122-7QK3M9TA-X: prefix and local date for people, random part, check character. */
export function makeCaseCode(now: number, random: Uint8Array): string {
  if (random.length < 5) throw new Error('need 5 random bytes');
  const d = new Date(now + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');
  let bits = 0n;
  for (let i = 0; i < 5; i++) bits = (bits << 8n) | BigInt(random[i] as number);
  let rand = '';
  for (let i = 0; i < 8; i++) {
    rand = (ALPHABET[Number(bits & 31n)] as string) + rand;
    bits >>= 5n;
  }
  const body = `ZZ${d}-${rand}`;
  return `${body}-${checkChar(body)}`;
}

export function isWellFormedCaseCode(code: string): boolean {
  const m = /^(ZZ\d{8}-[0-9A-HJKMNP-TV-Z]{8})-([0-9A-HJKMNP-TV-Z])$/.exec(code);
  return !!m && checkChar(m[1] as string) === m[2];
}
