// Password rules, pure: what a new password must be. The reasons are shown next to the field (Chinese, English).

/** Passwords shipped or printed anywhere (the demo, common defaults): never accepted as a new password. */
export const KNOWN_DEFAULTS = ['demo@2026', 'admin123', 'password', 'password1', '12345678', '123456789', 'qwerty123', 'abc12345', 'a1234567', 'zongzhi123'];

export type PasswordProblem = 'length' | 'letters' | 'digits' | 'username' | 'default' | 'same';

export const PASSWORD_PROBLEM_TEXT: Record<PasswordProblem, string> = {
  length: '至少8位 / at least 8 characters',
  letters: '须包含字母 / needs a letter',
  digits: '须包含数字 / needs a digit',
  username: '不能包含用户名 / must not contain the user name',
  default: '不能使用演示或默认密码 / must not be a demo or default password',
  same: '不能与当前密码相同 / must differ from the current password',
};

/** The problems of a proposed password, empty when it is acceptable. */
export function passwordProblems(password: string, username: string, current?: string): PasswordProblem[] {
  const out: PasswordProblem[] = [];
  if (password.length < 8) out.push('length');
  if (!/[A-Za-z]/.test(password)) out.push('letters');
  if (!/[0-9]/.test(password)) out.push('digits');
  if (username && password.toLowerCase().includes(username.toLowerCase())) out.push('username');
  if (KNOWN_DEFAULTS.includes(password.toLowerCase())) out.push('default');
  if (current !== undefined && password === current) out.push('same');
  return out;
}

/** A one-time password the administrator reads out: 12 characters from an alphabet without look-alikes, with letters
 *  and digits guaranteed. `random` gives bytes (crypto in the server). */
export function oneTimePassword(random: (n: number) => Uint8Array): string {
  const letters = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
  const digits = '23456789';
  const all = letters + digits;
  for (;;) {
    // Bytes at or above the largest multiple of the alphabet's size are skipped, so every character is equally likely.
    const limit = 256 - (256 % all.length);
    const pw = Array.from(random(48))
      .filter((b) => b < limit)
      .slice(0, 12)
      .map((b) => all[b % all.length])
      .join('');
    if (pw.length < 12) continue;
    if (/[A-Za-z]/.test(pw) && /[0-9]/.test(pw)) return pw;
  }
}
