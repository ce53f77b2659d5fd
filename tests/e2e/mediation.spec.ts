// The dispute flow in Chromium against the real server: a walk-in registered at the window, mediated to a signed
// agreement whose 人民调解协议书 PDF is read back with pdftotext; and a case routed by the routing table to the 司法局's
// console, signed there, returned once with a reason, re-routed by the county, handled, closed and followed up.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, login, skipWithoutChromium, test } from './fixtures.ts';

skipWithoutChromium();
const SHOTS = process.env.ZZ_SCREENSHOT_DIR; // e.g. /tmp — screenshots outside the repo

function pdfText(bytes: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'zz-pdf-'));
  try {
    writeFileSync(join(dir, 'a.pdf'), bytes);
    return execFileSync('pdftotext', ['-layout', join(dir, 'a.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Registers a walk-in at the window and opens its drawer; returns the case code. */
async function registerAtWindow(page: Page, type: string, summary: string, applicant: string, respondent: string): Promise<string> {
  await page.goto('/#disputes');
  const rows = page.getByTestId('party-row');
  await rows.nth(0).getByTestId('party-name').fill(applicant);
  await rows.nth(0).getByTestId('party-phone').fill('13812340000');
  await rows.nth(1).getByTestId('party-name').fill(respondent);
  await page.getByTestId('intake-type').selectOption(type);
  await page.getByTestId('intake-summary').fill(summary);
  await page.getByTestId('intake-submit').click();
  const code = (await page.getByTestId('receipt-code').textContent())?.trim() ?? '';
  await page.getByTestId('receipt-close').click();
  await page.locator(`[data-testid="dispute-row"][data-code="${code}"]`).click();
  await expect(page.getByTestId('flow-panel')).toBeVisible();
  return code;
}

async function step(page: Page, action: string, fill: (form: ReturnType<Page['getByTestId']>) => Promise<void> = async () => undefined) {
  await page.getByTestId(`flow-action-${action}`).click();
  const form = page.getByTestId('flow-form');
  await expect(form).toHaveAttribute('data-action', action);
  await fill(form);
  await form.getByTestId('flow-submit').click();
  await expect(form).toHaveCount(0);
}

test('a walk-in mediated at the centre to a signed agreement: the 人民调解协议书 PDF', async ({ page }) => {
  await login(page, 'duty1');
  const code = await registerAtWindow(page, 'neighbour', '两户村民因宅基地边界砌墙发生争执', '赵德明', '钱有福');
  const panel = page.getByTestId('flow-panel');
  await expect(panel).toHaveAttribute('data-state', 'registered');

  await step(page, 'assignMediation', async (f) => {
    await expect(f.getByTestId('flow-room').locator('option')).not.toHaveCount(1);
    await f.getByTestId('flow-room').selectOption({ label: '人民调解室一' });
  });
  await expect(panel).toHaveAttribute('data-state', 'mediating');
  await step(page, 'recordSession', async (f) => {
    await f.getByTestId('flow-place').fill('人民调解室一');
    await f.getByTestId('flow-attendees').fill('赵德明、钱有福、村委会主任');
    await f.getByTestId('flow-text').fill('现场察看边界，双方同意以1998年宅基地证为准');
  });
  await expect(page.getByTestId('flow-sessions')).toContainText('村委会主任');
  await step(page, 'agreement', async (f) => {
    await f.getByTestId('flow-terms').fill('钱有福于2026年12月10日前拆除越界部分围墙，赵德明不再主张其他赔偿。');
    await f.getByTestId('flow-performance').fill('村委会监督，于2026年12月10日前履行完毕');
    await f.getByTestId('flow-signed').check();
  });
  await expect(panel).toHaveAttribute('data-state', 'agreed');
  await expect(page.getByTestId('flow-agreement')).toContainText('调〔');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/mediation-agreement.png` });

  // The button fetches the document (with the session's token) and opens it in a new window; the same request, repeated
  // outside the page, gives the bytes to read (the browser does not keep a body it handed to a blob).
  const [pdf] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/agreement.pdf')), page.waitForEvent('popup'), page.getByTestId('flow-pdf').click()]);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  const again = await page.request.get(pdf.url(), { headers: { authorization: (await pdf.request().allHeaders())['authorization'] ?? '' } });
  const bytes = await again.body();
  const text = pdfText(Buffer.from(bytes));
  for (const s of ['人民调解协议书', code, '申请人：赵德明', '被申请人：钱有福', '两户村民因宅基地边界砌墙发生争执', '拆除越界部分围墙', '村委会监督', '当事人（签名、盖章或按指印）', '人民调解员（签名）']) {
    expect(text).toContain(s);
  }
  expect(text).not.toContain('13812340000');
});

test('routed to the 司法局: signed on its console, returned once, re-routed, handled, closed and followed up', async ({ page, browser, server }) => {
  await login(page, 'duty1');
  const code = await registerAtWindow(page, 'medical', '患者家属与县医院就手术后遗症赔偿发生争执', '周玉兰', '县人民医院');
  const panel = page.getByTestId('flow-panel');
  await step(page, 'assignMediation');
  await step(page, 'noAgreement', (f) => f.getByTestId('flow-text').fill('赔偿数额分歧大'));
  await expect(panel).toHaveAttribute('data-state', 'routing');
  // The routing table suggests the 司法局 for a medical dispute after mediation failed.
  await page.getByTestId('flow-action-route').click();
  await expect(page.getByTestId('flow-suggestion')).toContainText('县司法局');
  await expect(page.getByTestId('flow-unit').locator('option:checked')).toHaveText('县司法局');
  await page.getByTestId('flow-submit').click();
  await expect(panel).toHaveAttribute('data-state', 'routed');

  // The 司法局's console: the case is in its 待办 to sign.
  const deptContext = await browser.newContext({ baseURL: server.url });
  const dept = await deptContext.newPage();
  await login(dept, 'd02');
  await dept.goto('/#queue');
  const row = dept.locator('[data-testid="queue-row"][data-kind="dispute"]');
  await expect(row).toHaveAttribute('data-step', 'sign');
  await expect(row).toContainText(code);
  if (SHOTS) await dept.screenshot({ path: `${SHOTS}/mediation-department-queue.png` });
  await row.click();
  const deptPanel = dept.getByTestId('flow-panel');
  await expect(deptPanel).toHaveAttribute('data-state', 'routed');
  await dept.getByTestId('flow-action-sign').click();
  await expect(deptPanel).toHaveAttribute('data-state', 'signed');
  await step(dept, 'progress', (f) => f.getByTestId('flow-text').fill('已约谈医院医务科'));
  await step(dept, 'return', (f) => f.getByTestId('flow-text').fill('涉及医疗事故鉴定，应先由卫健部门处理'));
  await dept.goto('/#queue');
  await expect(dept.locator('[data-testid="queue-row"][data-kind="dispute"]')).toHaveCount(0);

  // The county sees the return in its 待办 and re-routes it; the department signs again.
  await page.goto('/#queue');
  const back = page.locator('[data-testid="queue-row"][data-kind="dispute"][data-step="decide"]');
  await expect(back).toContainText(code);
  await back.click();
  await expect(page.getByTestId('flow-last-return')).toContainText('涉及医疗事故鉴定');
  await step(page, 'route');
  await expect(panel).toHaveAttribute('data-state', 'routed');

  await dept.goto('/#queue');
  const again = dept.locator('[data-testid="queue-row"][data-kind="dispute"][data-step="sign"]');
  await again.click();
  await dept.getByTestId('flow-action-sign').click();
  await expect(deptPanel).toHaveAttribute('data-state', 'signed');
  await step(dept, 'resolve', (f) => f.getByTestId('flow-text').fill('经卫健局鉴定后调解，医院赔偿3.2万元'));
  await expect(deptPanel).toHaveAttribute('data-state', 'closed');

  // 回访 at the county closes it.
  await page.goto('/#queue');
  const follow = page.locator('[data-testid="queue-row"][data-kind="dispute"][data-step="followUp"]');
  await follow.click();
  await page.getByTestId('flow-action-followUp').click();
  await page.getByTestId('flow-satisfaction').selectOption('5');
  await page.getByTestId('flow-satisfied').click();
  await expect(panel).toHaveAttribute('data-state', 'reviewed');
  await expect(page.getByTestId('dispute-drawer').locator('.timeline li[data-kind="return"]')).toContainText('涉及医疗事故鉴定');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/mediation-closed.png` });

  // 一案一码: the steps, with no personal data.
  const pub = await page.request.get(`/case/${code}`);
  const html = await pub.text();
  expect(html).toContain('承办单位退回，重新分流');
  expect(html).toContain('已回访');
  expect(html).not.toContain('周玉兰');
  await deptContext.close();
});

test('the administrator edits the routing table in 管理 · 路线图: a bad row is named, a good table is saved as a new version', async ({ page }) => {
  await login(page, 'admin');
  await page.goto('/#admin-routing');
  const admin = page.getByTestId('routing-admin');
  await expect(admin.getByTestId('routing-version')).toContainText('第 1 版');
  const rows = admin.getByTestId('routing-row');
  const before = await rows.count();
  await admin.getByTestId('routing-add').click();
  await expect(rows).toHaveCount(before + 1);
  const added = rows.nth(before);
  // a department row on the township channel: refused, the row says why, nothing is saved
  await added.getByTestId('routing-type').selectOption('property');
  await added.getByTestId('routing-channel').selectOption('township');
  await added.getByTestId('routing-unit').selectOption({ label: '县司法局' });
  await admin.getByTestId('routing-save').click();
  await expect(added.getByTestId('routing-problem')).toContainText('单位与渠道不符');
  await expect(admin.getByTestId('routing-error')).toContainText('路线图有错误');
  await expect(admin.getByTestId('routing-version')).toContainText('第 1 版');
  // 物业 → 行政调解 at the 司法局: saved as version 2
  await added.getByTestId('routing-channel').selectOption('administrative');
  await added.getByTestId('routing-days').fill('20');
  await admin.getByTestId('routing-save').click();
  await expect(admin.getByTestId('routing-saved')).toContainText('第 2 版');
  await expect(admin.getByTestId('routing-problem')).toHaveCount(0);
  await page.reload();
  await page.goto('/#admin-routing');
  await expect(page.getByTestId('routing-version')).toContainText('第 2 版');
  await expect(page.getByTestId('routing-row')).toHaveCount(before + 1);
});
