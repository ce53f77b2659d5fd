// Item sources of the duty desk: each kind of item (alert, order, incident, person, risk, the wall, wartime, disputes) says what is open at a unit now (the handover note) and what matches a search (the header's search box),
// within what the user may see. The handover and the search only iterate over the list: a new kind is one more source.
import {
  LAYOUT_TILES, ALERT_LEVEL_LABELS, ORDER_PRIORITY_LABELS, INCIDENT_STATE_LABELS, RISK_LEVEL_LABELS, ROLE_LABELS,
  DISPUTE_STATE_LABELS, DISPUTE_TYPE_LABELS, RISK_GRADE_LABELS, type Dispute, type DisputeQuery, type DisputeState, type DisputeType, type RiskGrade,
  type AlertLevel, type Category, type HandoverItem, type IncidentState, type OrderPriority, type Role, type SearchHit, type SessionUser,
} from '../../protocol/index.ts';
import { formatShanghai } from '../domain/time.ts';
import type { DutySourceStore, Viewer } from '../store/dutySources.ts';
import type { Scope } from '../store/incidents.ts';
import type { VideoDesk } from './video.ts';
import type { CommandDesk } from './wartime.ts';

export interface ItemSource {
  kind: string;
  label: [string, string];
  /** What is open for the user's unit now (the handover note). */
  open?(user: SessionUser, now: number): HandoverItem[];
  /** What matches `text` among what the user may see, newest first. */
  search?(user: SessionUser, text: string, limit: number): SearchHit[];
}

export interface SourceDeps {
  store: DutySourceStore;
  countyId: number;
  incidentScope: (u: SessionUser) => Scope;
  categories: () => Category[];
  /** The unit's video wall now: each screen's camera names (empty when nothing is on it). */
  wallOf: (u: SessionUser, now: number) => { screen: number; cameras: string[]; tour: boolean }[];
  /** The running wartime period, when it covers the user's unit. */
  wartimeOf: (u: SessionUser) => { since: number; reason: string; commander: string } | null;
}

/** Roles that see people's phones in search results (as on the map). */
const PHONE_ROLES: readonly Role[] = ['dutyOfficer', 'commander', 'admin', 'townshipOperator'];

const levelLabel = (l: string) => ALERT_LEVEL_LABELS[l as AlertLevel]?.[0] ?? ORDER_PRIORITY_LABELS[l as OrderPriority]?.[0] ?? l;

export function builtinSources(d: SourceDeps): ItemSource[] {
  const viewer = (u: SessionUser): Viewer => ({ centreId: u.centreId, level: u.centreLevel, county: u.centreId === d.countyId });
  const category = (code: string) => d.categories().find((c) => c.code === code)?.label[0] ?? code;

  const delivered = (kind: 'alert' | 'order', label: [string, string]): ItemSource => ({
    kind,
    label,
    open(u, now) {
      const { sent, here } = d.store.unsigned(kind, viewer(u), now);
      const name = (r: { title: string; code: string | null }) => (r.code ? `${r.code} ${r.title}` : r.title);
      return [
        ...here.map((r) => ({
          kind, id: r.id, reason: 'unsigned' as const, title: `${label[0]}《${name(r)}》`,
          detail: `${levelLabel(r.level)}，签收时限 ${formatShanghai(r.due_at)}${r.rung > 0 ? `，已催 ${r.rung} 次` : ''}`,
        })),
        ...sent.map((r) => ({
          kind, id: r.id, reason: 'unsigned' as const, title: `${label[0]}《${name(r)}》`,
          detail: `${levelLabel(r.level)}，${r.waiting}/${r.total} 个单位未签收`,
        })),
      ];
    },
    search(u, text, limit) {
      const v = viewer(u);
      return kind === 'alert'
        ? d.store.searchAlerts(v, text, limit).map((r) => ({ kind, id: r.id, title: r.title, detail: levelLabel(r.level), at: r.raised_at }))
        : d.store.searchOrders(v, text, limit).map((r) => ({ kind, id: r.id, title: `${r.code} ${r.title}`, detail: levelLabel(r.priority), at: r.issued_at }));
    },
  });

  return [
    {
      kind: 'incident',
      label: ['事件', 'Incidents'],
      open(u, now) {
        return d.store.overdueIncidents(d.incidentScope(u), now).map((r) => ({
          kind: 'incident', id: r.id, reason: 'overdue' as const, title: `${r.code} ${category(r.category)}`,
          detail: `${r.holder_name}办理，${r.supervised_at !== null ? '已督办' : `时限 ${formatShanghai((r.accepted_at === null ? r.respond_by : r.resolve_by) ?? r.respond_by)}`}`,
        }));
      },
      search(u, text, limit) {
        return d.store.searchIncidents(d.incidentScope(u), text, limit).map((r) => ({
          kind: 'incident', id: r.id, title: `${r.code} ${r.description.slice(0, 40)}`,
          detail: `${INCIDENT_STATE_LABELS[r.state as IncidentState]?.[0] ?? r.state} · ${r.holder_name}`, at: r.reported_at,
        }));
      },
    },
    delivered('alert', ['预警', 'Alerts']),
    delivered('order', ['指令', 'Orders']),
    {
      kind: 'risk',
      label: ['风险隐患', 'Risks'],
      open(u) {
        return d.store.highRisks(viewer(u)).map((r) => ({
          kind: 'risk', id: r.id, reason: 'highRisk' as const, title: `${RISK_LEVEL_LABELS[r.level][0]}风险：${r.description.slice(0, 60)}`,
          detail: `${r.township_name}，责任人 ${r.owner}，期限 ${r.due_date}`,
        }));
      },
    },
    {
      kind: 'person',
      label: ['人员', 'People'],
      search(u, text, limit) {
        const phones = PHONE_ROLES.includes(u.role);
        return d.store.searchPeople(viewer(u), text, limit).map((r) => ({
          kind: 'person', id: r.id, title: r.name,
          detail: [r.centre_name, ROLE_LABELS[r.role][0], phones && r.phone ? r.phone : null].filter(Boolean).join(' · '), at: null,
        }));
      },
    },
    {
      kind: 'wall',
      label: ['视频墙', 'Video wall'],
      open(u, now) {
        return d.wallOf(u, now).filter((s) => s.cameras.length > 0 || s.tour).map((s) => ({
          kind: 'wall', id: null, reason: 'wall' as const, title: `第${s.screen + 1}屏${s.tour ? '（轮巡中）' : ''}`,
          detail: s.cameras.join('、') || '轮巡',
        }));
      },
    },
    {
      kind: 'wartime',
      label: ['战时', 'Wartime'],
      open(u) {
        const w = d.wartimeOf(u);
        return w ? [{ kind: 'wartime', id: null, reason: 'wartime' as const, title: `战时状态（${formatShanghai(w.since)} 起）`, detail: `${w.reason}；指挥长 ${w.commander}` }] : [];
      },
    },
  ];
}

export interface DisputeSourceDeps {
  store: DutySourceStore;
  /** Who may see disputes at all (the disputes desk's rule). */
  mayView: (u: SessionUser) => boolean;
  /** The disputes desk's search: its scope, its trigram index and its masking of phones and ID numbers. */
  list: (u: SessionUser, q: DisputeQuery) => { ok: true; value: Dispute[] } | { ok: false };
}

/**
 * Disputes on the duty desk: the handover note lists the unit's open disputes that are high risk or overdue; the header
 * search finds a dispute by code, party name, phone or ID number (shown masked, as in the disputes view).
 */
export function disputeSource(d: DisputeSourceDeps): ItemSource {
  const type = (t: string) => DISPUTE_TYPE_LABELS[t as DisputeType]?.[0] ?? t;
  const state = (s: string) => DISPUTE_STATE_LABELS[s as DisputeState]?.[0] ?? s;
  return {
    kind: 'dispute',
    label: ['矛盾纠纷', 'Disputes'],
    open(u, now) {
      if (!d.mayView(u)) return [];
      const scope = u.centreLevel === 'county' ? { level: 'county' as const } : { level: 'unit' as const, centreId: u.centreId };
      return d.store.openDisputes(scope, now).map((r) => {
        const due = r.state === 'routed' ? r.sign_due : r.resolve_by;
        return {
          kind: 'dispute', id: r.id, reason: r.overdue ? ('overdue' as const) : ('highRisk' as const), title: `${r.code} ${type(r.type)}纠纷`,
          detail: [RISK_GRADE_LABELS[r.risk_grade as RiskGrade]?.[0] ?? r.risk_grade, `${state(r.state)}，${r.holder_name}`,
            r.overdue && due !== null ? `${r.state === 'routed' ? '签收' : '办结'}时限 ${formatShanghai(due)}` : null].filter(Boolean).join('，'),
        };
      });
    },
    search(u, text, limit) {
      const r = d.list(u, { q: text, limit });
      if (!r.ok) return [];
      return r.value.map((x) => ({
        kind: 'dispute', id: x.id, title: `${x.code} ${type(x.type)}纠纷`,
        detail: [x.parties.map((p) => [p.name, p.phone, p.idNumber].filter(Boolean).join(' ')).join('；'), state(x.state), x.holderCentreName].join(' · '),
        at: x.registeredAt,
      }));
    },
  };
}

/** What is on the unit's video wall now: each screen's camera names (the layout's visible tiles). */
export function wallOfDesk(video: VideoDesk): SourceDeps['wallOf'] {
  return (u, now) => {
    const w = video.wallSync({ id: u.id, role: u.role, centreId: u.centreId, centreLevel: u.centreLevel }, now);
    if (!w.ok) return [];
    const names = new Map(w.value.cameras.map((c) => [c.id, c.name]));
    return w.value.wall.screens.map((sc, screen) => ({
      screen, tour: sc.tour !== null,
      cameras: sc.tiles.slice(0, LAYOUT_TILES[sc.layout]).flatMap((id) => (id === null ? [] : [names.get(id) ?? String(id)])),
    }));
  };
}

/** The running wartime period when it covers the user's unit. */
export function wartimeOfDesk(command: CommandDesk): SourceDeps['wartimeOf'] {
  return (u) => {
    const st = command.state();
    if (st.mode !== 'wartime' || !st.period || !command.inScope(u.centreId)) return null;
    return { since: st.period.startedAt, reason: st.period.reason, commander: st.period.command.commander.name };
  };
}
