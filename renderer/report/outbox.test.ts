import { describe, expect, it } from 'vitest';
import { afterAttempt, checkPhoto, confirmPlace, due, isFinal, needsPlaceConfirmation, nextDelay, outboxLabel, type QueuedReport } from './outbox.ts';

const r: QueuedReport = {
  key: 'k-123456789', createdAt: 0, category: 'dispute', description: 'd', location: { lon: 102, lat: 25, crs: 'wgs84' },
  photos: [], uploaded: [], status: 'waiting', attempts: 0, nextTryAt: 0,
};

describe('phone outbox', () => {
  it('checks photos like the server: JPEG/PNG/WebP up to 5 MB', () => {
    expect(checkPhoto({ type: 'image/jpeg', size: 1000 })).toBeNull();
    expect(checkPhoto({ type: 'image/gif', size: 1000 })).toBe('type');
    expect(checkPhoto({ type: 'image/png', size: 6 * 1024 * 1024 })).toBe('size');
  });

  it('keeps a report through failed sends with growing back-off, and drops nothing until stored', () => {
    const a = afterAttempt(r, { kind: 'unreachable' }, 1000);
    expect(a).toMatchObject({ status: 'waiting', attempts: 1, nextTryAt: 6000 });
    const b = afterAttempt(a, { kind: 'unreachable' }, 6000);
    expect(b.nextTryAt).toBe(16_000);
    expect(nextDelay(20)).toBe(120_000);
    expect(due([a, b], 6000)).toEqual([a]);
    const c = afterAttempt(b, { kind: 'stored', code: 'ZZ1' }, 20_000);
    expect(c).toMatchObject({ status: 'sent', caseCode: 'ZZ1', key: r.key });
  });

  it('treats errors in the report as final and network, server or auth trouble as retryable', () => {
    expect(isFinal(400, 'VALIDATION_FAILED')).toBe(true);
    expect(isFinal(400, 'LOCATION_OUTSIDE')).toBe(true);
    expect(isFinal(401, 'AUTH_TOKEN_EXPIRED')).toBe(false);
    expect(isFinal(429, 'RATE_LIMITED')).toBe(false);
    expect(isFinal(503, undefined)).toBe(false);
    const x = afterAttempt(r, { kind: 'rejected', error: { code: 'LOCATION_OUTSIDE', message: 'm', messageEn: 'e' } }, 0);
    expect(x.status).toBe('rejected');
  });
});

describe('outbox wording and the place check', () => {
  it('calls a stored report 已上报, never 已受理: nobody has accepted it yet', () => {
    const sent = afterAttempt(r, { kind: 'stored', code: 'ZZ20261122-7QK3M9TA-X' }, 0);
    expect(outboxLabel(sent, 0)).toEqual({ text: '已上报' });
    expect(outboxLabel(sent, 1)).toEqual({ text: 'Reported' });
  });

  it('holds a report placed in another village for the member to confirm, then sends it again saying so', () => {
    const error = { code: 'LOCATION_OTHER_VILLAGE' as const, message: 'm', messageEn: 'e', details: { village: '石门村', township: '青石镇', own: '明金社区' } };
    const held = afterAttempt({ ...r, uploaded: ['a'.repeat(64)] }, { kind: 'rejected', error }, 0);
    expect(needsPlaceConfirmation(held)).toBe(true);
    expect(outboxLabel(held, 0)).toEqual({ key: 'report.status.confirmPlace' });
    const again = confirmPlace(held);
    expect(again).toMatchObject({ status: 'waiting', confirmOtherVillage: true, nextTryAt: 0, uploaded: ['a'.repeat(64)] });
    expect(again.error).toBeUndefined();
    expect(due([again], 0)).toHaveLength(1);
  });
});
