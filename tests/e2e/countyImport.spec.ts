// 管理 · 区划导入 in Chromium on a fresh install: the administrator uploads the county's files, sees every problem by
// file and row or feature, cannot import while any is listed, and imports the clean set after confirming; then issues
// the imported people's one-time passwords for a township in one go (the printed list) and one of them logs in.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCountyFixtures } from '../../scripts/make-county-fixtures.ts';
import { expect, login, skipWithoutChromium, test } from './fixtures.ts';

skipWithoutChromium();

test.describe('fresh install', () => {
  test.use({ demo: false });

  test('the administrator checks, is refused while problems are listed, imports the county, then issues the imported people one-time passwords', async ({ page, server, browser }) => {
    const password = /initial password: (\S+)/.exec(server.output())?.[1];
    expect(password, 'the first-run password is printed once').toBeTruthy();
    const dir = mkdtempSync(join(tmpdir(), 'zz-e2e-fx-'));
    try {
      const fx = await makeCountyFixtures(dir);
      // the printed password is a one-time password: the first login changes it, nothing else opens before
      await page.goto('/');
      await page.getByTestId('login-username').fill('admin');
      await page.getByTestId('login-password').fill(password as string);
      await page.getByTestId('login-submit').click();
      await expect(page.getByTestId('forced-password')).toBeVisible();
      await page.getByTestId('password-current').fill(password as string);
      await page.getByTestId('password-new').fill('Linchuan2027x');
      await page.getByTestId('password-again').fill('Linchuan2027x');
      await page.getByTestId('password-submit').click();
      await expect(page.getByTestId('conn-state')).toHaveAttribute('data-state', 'connected');
      await page.getByTestId('tab-admin-import').click();
      await expect(page.getByTestId('county-import')).toBeVisible();

      await page.getByTestId('import-files').setInputFiles([...fx.files, ...fx.bad]);
      await page.getByTestId('import-check').click();
      const rows = page.getByTestId('import-problems').locator('tbody tr');
      await expect(rows).toHaveCount(18);
      await expect(page.getByTestId('import-result')).toContainText('发现 18 个问题，未导入任何内容');
      await expect(rows.filter({ hasText: 'bad-grids.geojson' }).filter({ hasText: '第 8 个要素' })).toContainText('网格与其他网格重叠');
      await expect(rows.filter({ hasText: 'bad-people.csv' }).filter({ hasText: '第 4 行' })).toContainText('手机号重复');
      await expect(page.getByTestId('import-commit')).toBeDisabled();

      await page.getByTestId('import-files').setInputFiles(fx.files);
      await page.getByTestId('import-check').click();
      await expect(page.getByTestId('import-summary')).toContainText(`县：临川县 · 乡镇 2 · 村(社区) 4 · 网格 ${fx.gridCodes.length}`);
      page.once('dialog', (d) => void d.accept());
      await page.getByTestId('import-commit').click();
      await expect(page.getByTestId('import-result')).toContainText('已导入');

      // The imported people have no password yet: the administrator issues one-time passwords for the first township
      // and its villages, and gets the printable list once.
      await page.getByTestId('tab-users').click();
      await page.getByTestId('users-batch').click();
      await page.getByTestId('batch-unit').selectOption({ label: '　第1镇' });
      page.once('dialog', (d) => void d.accept());
      await page.getByTestId('batch-generate').click();
      const sheet = page.getByTestId('batch-sheet');
      await expect(sheet).toContainText('临时密码发放清单');
      await expect(sheet).toContainText('第1镇（包括下级单位）');
      const row = page.getByTestId('batch-list').locator('tbody tr').filter({ hasText: '第1网格' }).first();
      const cells = (await row.locator('td').allTextContents()).map((c) => c.trim());
      const [username, otp] = [cells[4] as string, cells[5] as string];
      expect(username).toMatch(/^1\d{10}$/);
      expect(otp).toMatch(/^[A-Za-z2-9]{12}$/);
      page.once('dialog', (d) => void d.accept());
      await page.getByTestId('batch-close').click();
      await expect(sheet).toHaveCount(0);

      // That grid member logs in with the printed password and must change it first.
      const other = await browser.newContext({ baseURL: server.url });
      const member = await other.newPage();
      await member.goto('/');
      await member.getByTestId('login-username').fill(username);
      await member.getByTestId('login-password').fill(otp);
      await member.getByTestId('login-submit').click();
      await expect(member.getByTestId('forced-password')).toBeVisible();
      await other.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('other roles have no import view', async ({ page }) => {
  await login(page, 'commander');
  await expect(page.getByTestId('tab-incidents')).toBeVisible();
  await expect(page.getByTestId('tab-admin-import')).toHaveCount(0);
});
