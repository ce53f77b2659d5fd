// User lifecycle in Chromium: the administrator creates a township operator, the first login forces a new password,
// and disabling the user ends their open console at once (the login page says why).
import { expect, login, skipWithoutChromium, test } from './fixtures.ts';

skipWithoutChromium();

test('admin creates a township operator; first login forces a new password; disabling ends the open console', async ({ browser, server }) => {
  const adminCtx = await browser.newContext({ baseURL: server.url });
  const admin = await adminCtx.newPage();
  await login(admin, 'admin');
  await admin.getByTestId('tab-users').click();
  await expect(admin.getByTestId('users-view')).toBeVisible();
  await expect(admin.getByTestId('user-row-t01')).toBeVisible();

  await admin.getByTestId('users-create').click();
  const form = admin.getByTestId('user-form');
  await form.getByTestId('user-form-username').fill('zhouqi');
  await form.getByTestId('user-form-name').fill('周七');
  await form.getByTestId('user-form-role').selectOption('townshipOperator');
  await form.getByTestId('user-form-unit').selectOption({ label: '城关镇' });
  await form.getByTestId('user-form-phone').fill('13800001111');
  await form.getByTestId('user-form-save').click();
  const otp = (await admin.getByTestId('users-otp-value').textContent())?.trim() ?? '';
  expect(otp).toMatch(/^[A-Za-z0-9]{12}$/);
  await admin.getByTestId('users-otp-close').click();
  await expect(admin.getByTestId('users-search')).toHaveValue('zhouqi');
  await expect(admin.getByTestId('user-row-t01')).toHaveCount(0);
  await expect(admin.getByTestId('user-row-zhouqi')).toContainText('待修改密码');

  // First login: the one-time password leads to the change-password page, nothing else.
  const userCtx = await browser.newContext({ baseURL: server.url });
  const user = await userCtx.newPage();
  await user.goto('/');
  await user.getByTestId('login-username').fill('zhouqi');
  await user.getByTestId('login-password').fill(otp);
  await user.getByTestId('login-submit').click();
  await expect(user.getByTestId('forced-password')).toBeVisible();
  await expect(user.getByTestId('conn-state')).toHaveCount(0);
  await user.getByTestId('password-current').fill(otp);
  await user.getByTestId('password-new').fill('Demo@2026');
  await user.getByTestId('password-again').fill('Demo@2026');
  await user.getByTestId('password-submit').click();
  await expect(user.getByTestId('password-error')).toHaveAttribute('data-code', 'PASSWORD_WEAK');
  await user.getByTestId('password-new').fill('Qinglan2027x');
  await user.getByTestId('password-again').fill('Qinglan2027x');
  await user.getByTestId('password-submit').click();
  await expect(user.getByTestId('conn-state')).toHaveAttribute('data-state', 'connected');
  await expect(user.getByTestId('centre-name')).toHaveText('城关镇');

  // Disabling the user ends the open console at once, with the reason on the login page.
  admin.once('dialog', (d) => void d.accept());
  const t0 = Date.now();
  await admin.getByTestId('user-row-zhouqi').getByTestId('user-toggle').click();
  await expect(user.getByTestId('login-error')).toHaveAttribute('data-code', 'AUTH_ACCOUNT_DISABLED', { timeout: 3000 });
  await expect(user.getByTestId('login-error')).toContainText('账号已被停用');
  expect(Date.now() - t0).toBeLessThan(3000);
  await expect(admin.getByTestId('user-row-zhouqi')).toContainText('已停用');

  // The old password no longer logs in.
  await user.getByTestId('login-username').fill('zhouqi');
  await user.getByTestId('login-password').fill('Qinglan2027x');
  await user.getByTestId('login-submit').click();
  await expect(user.getByTestId('login-error')).toHaveAttribute('data-code', 'AUTH_INVALID_CREDENTIALS');
  await adminCtx.close();
  await userCtx.close();
});
