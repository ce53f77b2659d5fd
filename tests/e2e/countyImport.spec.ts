// 管理 · 区划导入 in Chromium on a fresh install: the administrator uploads the county's files, sees every problem by
// file and row or feature, cannot import while any is listed, and imports the clean set after confirming.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCountyFixtures } from '../../scripts/make-county-fixtures.ts';
import { expect, login, skipWithoutChromium, test } from './fixtures.ts';

skipWithoutChromium();

test.describe('fresh install', () => {
  test.use({ demo: false });

  test('the administrator checks, is refused while problems are listed, then imports the county', async ({ page, server }) => {
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
