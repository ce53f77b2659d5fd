import { describe, expect, it } from 'vitest';
import type { DisputeFlow } from '../../protocol/index.ts';
import { queueItems } from '../queue/items.ts';
import { upsertFlows } from './flowsSlice.ts';

const T0 = Date.UTC(2026, 10, 30, 3);
const HOUR = 3600_000;
const COUNTY = 1;
const JUSTICE = 20;
const LABOUR = 21;

const routing = (centreId: number, over: Partial<NonNullable<DisputeFlow['routing']>> = {}): NonNullable<DisputeFlow['routing']> => ({
  id: 1, centreId, centreName: '县司法局', channel: 'administrative', stage: 'mediationFailed', suggestedCentreId: centreId, reason: '', insisted: false,
  routedAt: T0, routedBy: { id: 10, name: '值班员' }, state: 'pending', dueAt: T0 + 2 * HOUR, rung: 0, overdue: false, signedAt: null, signedBy: null, days: 10, ...over,
});
const flow = (id: number, over: Partial<DisputeFlow> = {}): DisputeFlow => ({
  disputeId: id, code: `ZZ-${id}`, type: 'medical', summary: '医疗费用纠纷', townshipId: null, state: 'registered', holderCentreId: COUNTY, holderCentreName: '青岚县',
  mediation: null, routing: null, lastReturn: null, resolveBy: null, urgedAt: null, supervisedAt: null, overdue: false, attempts: { village: 0, township: 0, county: 0 },
  result: null, resolvedBy: null, satisfaction: null, closedAt: null, updatedAt: T0, version: 1, ...over,
});
const src = (...flows: DisputeFlow[]) => ({ alerts: {}, orders: {}, incidents: {}, flows: Object.fromEntries(flows.map((f) => [f.disputeId, f])) });
const keys = (items: { kind: string; id: number; step: string; overdue: boolean }[]) => items.map((i) => `${i.id}:${i.step}${i.overdue ? ':overdue' : ''}`);

describe('待办 of the dispute flow', () => {
  const flows = [
    flow(1),
    flow(2, { state: 'mediating' }),
    flow(3, { state: 'routing' }),
    flow(4, { state: 'routed', holderCentreId: JUSTICE, routing: routing(JUSTICE, { rung: 1, overdue: true }), overdue: true }),
    flow(5, { state: 'signed', holderCentreId: JUSTICE, routing: routing(JUSTICE, { state: 'signed' }), resolveBy: T0 + 10 * 24 * HOUR }),
    flow(6, { state: 'returned', holderCentreId: COUNTY, routing: routing(JUSTICE) }),
    flow(7, { state: 'closed', holderCentreId: COUNTY, routing: routing(LABOUR, { state: 'signed' }) }),
    flow(8, { state: 'agreed' }),
    flow(9, { state: 'reviewed' }),
    flow(10, { state: 'handling', holderCentreId: LABOUR, routing: routing(LABOUR, { state: 'signed' }), supervisedAt: T0, overdue: true }),
  ];
  it('the county mediates, routes, decides on returns and follows up; each unit signs and handles only what was routed to it', () => {
    expect(keys(queueItems(src(...flows), { centreId: COUNTY, county: true }, T0)).sort()).toEqual(['1:mediate', '2:mediate', '3:route', '6:decide', '7:followUp', '8:followUp']);
    expect(keys(queueItems(src(...flows), { centreId: JUSTICE, county: false }, T0))).toEqual(['4:sign:overdue', '5:handle']);
    const labour = queueItems(src(...flows), { centreId: LABOUR, county: false }, T0);
    expect(keys(labour)).toEqual(['10:handle:overdue']);
    expect(labour[0]?.supervised).toBe(true);
    expect(queueItems(src(...flows), { centreId: 99, county: false }, T0)).toEqual([]);
  });

  it('keeps the newest copy of a flow whatever the order of arrival', () => {
    const a = upsertFlows({}, [flow(1, { version: 3, state: 'routing' })]);
    expect(upsertFlows(a, [flow(1, { version: 2 })])).toBe(a);
    expect(upsertFlows(a, [flow(1, { version: 4, state: 'routed' })])[1]?.state).toBe('routed');
  });
});
