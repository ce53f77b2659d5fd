// Which 待办 items ring, notify or take the screen over, by the server's alarm policy. Pure.
import type { AlarmKind, AlarmPolicy, AlarmRule } from '../../protocol/index.ts';
import type { QueueItem } from './items.ts';

export interface Alarm {
  /** `${kind}:${itemId}`: what an acknowledgement names. */
  key: string;
  kind: AlarmKind;
  item: QueueItem;
  rule: AlarmRule;
}

export const alarmKey = (kind: AlarmKind, itemId: number) => `${kind}:${itemId}`;

/** The alarm an item can raise: 签收 of an alert or order, 受理 of a new report, a 督办 on a case held here. */
export function alarmKindOf(item: QueueItem): AlarmKind | null {
  if (item.kind === 'alert' && item.step === 'sign') return 'alert';
  if (item.kind === 'order' && item.step === 'sign') return 'order';
  if (item.kind === 'incident' && item.supervised) return 'supervise';
  if (item.kind === 'incident' && item.step === 'accept') return 'report';
  if (item.kind === 'dispute' && item.step === 'risk') return 'highRisk';
  return null;
}

export function ruleFor(policy: AlarmPolicy, kind: AlarmKind, level: string | null, county: boolean): AlarmRule | null {
  return (
    policy.find((r) => r.kind === kind && (r.level === '*' || r.level === level) && (r.at === 'any' || (r.at === 'county') === county)) ?? null
  );
}

/** The items that raise an alarm on this console, in the queue's order. */
export function alarmsFor(items: readonly QueueItem[], policy: AlarmPolicy, county: boolean): Alarm[] {
  const out: Alarm[] = [];
  for (const item of items) {
    const kind = alarmKindOf(item);
    if (!kind) continue;
    const rule = ruleFor(policy, kind, item.level, county);
    if (rule && (rule.sound || rule.notification || rule.takeover)) out.push({ key: alarmKey(kind, item.id), kind, item, rule });
  }
  return out;
}

/** The takeovers to show: alarms that take the screen and nobody of the unit has acknowledged. */
export function takeovers(alarms: readonly Alarm[], acked: ReadonlySet<string>): Alarm[] {
  return alarms.filter((a) => a.rule.takeover && !acked.has(a.key));
}
