// Small hooks shared by the wartime views.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Centre } from '../../protocol/index.ts';
import { useStore } from '../store.ts';
import { consoleInScope, durationParts, elapsedParts } from './model.ts';

/** Is this console in the scope of the running wartime period? */
export function useInWartime(): boolean {
  const state = useStore((s) => s.wartime.state);
  const user = useStore((s) => s.session?.user);
  const centres = useStore((s) => s.centres);
  if (!user) return false;
  const parent = user.centreLevel === 'village' ? (centres?.find((c) => c.id === user.centreId)?.parentId ?? null) : null;
  return consoleInScope(state, user.centreId, parent, user.centreLevel === 'county');
}

export function useTownships(): Centre[] {
  const centres = useStore((s) => s.centres);
  return useMemo(() => (centres ?? []).filter((c) => c.level === 'township').sort((a, b) => a.code.localeCompare(b.code) || a.id - b.id), [centres]);
}

/** 45秒 · 3分12秒 · 1小时05分 */
export function useDuration(): (ms: number) => string {
  const { t } = useTranslation();
  return (ms) => {
    const { h, m, s } = durationParts(ms);
    if (h) return t('wartime.dur.hm', { h, m: String(m).padStart(2, '0') });
    if (m) return t('wartime.dur.ms', { m, s });
    return t('wartime.dur.s', { s });
  };
}

/** 已持续: 不到1分钟 · 12分钟 · 3小时05分 — minutes only; pair it with useNow(60_000). */
export function useElapsed(): (ms: number) => string {
  const { t } = useTranslation();
  return (ms) => {
    const p = elapsedParts(ms);
    if (!p) return t('wartime.dur.underMinute');
    return p.h ? t('wartime.dur.hm', { h: p.h, m: String(p.m).padStart(2, '0') }) : t('wartime.dur.m', { m: p.m });
  };
}
