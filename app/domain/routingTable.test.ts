import { describe, expect, it } from 'vitest';
import type { RoutingRule } from '../../protocol/index.ts';
import { diffRoutingTables, suggestRoute, validateRoutingTable, type RoutingUnit } from './routingTable.ts';

const units = new Map<number, RoutingUnit>([
  [2, { id: 2, level: 'township', name: '城关镇' }],
  [20, { id: 20, level: 'department', name: '县司法局' }],
  [21, { id: 21, level: 'department', name: '县人社局' }],
  [1, { id: 1, level: 'county', name: '青岚县' }],
  [4, { id: 4, level: 'village', name: '安平社区' }],
]);
const types = ['neighbour', 'labour', 'marriage'];
const rule = (r: Partial<RoutingRule>): RoutingRule => ({ disputeType: 'neighbour', stage: 'mediationFailed', channel: 'administrative', unitId: 20, days: 15, ...r });

describe('routing table (法治化路线图)', () => {
  const table = [
    rule({ disputeType: 'labour', channel: 'labourArbitration', unitId: 21, days: 45 }),
    rule({ disputeType: 'neighbour', channel: 'township', unitId: null, days: 10 }),
    rule({ disputeType: '*', channel: 'legalAid', unitId: 20, days: 20 }),
    rule({ disputeType: 'labour', stage: 'intake', channel: 'labourArbitration', unitId: 21, days: 45 }),
  ];

  it('suggests the row of the type, then the stage’s * row, else nothing', () => {
    expect(suggestRoute(table, { type: 'labour', townshipId: 2 }, 'mediationFailed')).toEqual({ rule: table[0], unitId: 21 });
    expect(suggestRoute(table, { type: 'marriage', townshipId: 2 }, 'mediationFailed')).toEqual({ rule: table[2], unitId: 20 });
    expect(suggestRoute(table, { type: 'labour', townshipId: 2 }, 'intake')?.rule).toBe(table[3]);
    expect(suggestRoute(table, { type: 'marriage', townshipId: 2 }, 'intake')).toBeNull();
  });

  it('sends a township row without a unit to the dispute’s own township (属地), or to nobody when it has none', () => {
    expect(suggestRoute(table, { type: 'neighbour', townshipId: 2 }, 'mediationFailed')?.unitId).toBe(2);
    expect(suggestRoute(table, { type: 'neighbour', townshipId: null }, 'mediationFailed')?.unitId).toBeNull();
  });

  it('accepts a sound table and names each bad row and field', () => {
    expect(validateRoutingTable(table, units, types)).toEqual([]);
    const bad = [
      rule({ disputeType: 'weather' }),
      rule({}),
      rule({}),
      rule({ disputeType: 'labour', unitId: 99 }),
      rule({ disputeType: 'marriage', unitId: 2 }),
      rule({ disputeType: 'marriage', stage: 'intake', unitId: null }),
      rule({ disputeType: '*', stage: 'intake', channel: 'township', unitId: 20 }),
      rule({ disputeType: 'labour', stage: 'intake', channel: 'township', unitId: 4 }),
    ];
    expect(validateRoutingTable(bad, units, types)).toEqual([
      { row: 0, field: 'disputeType', problem: 'unknownType' },
      { row: 2, field: 'stage', problem: 'duplicate' },
      { row: 3, field: 'unitId', problem: 'unknownUnit' },
      { row: 4, field: 'unitId', problem: 'unitKind' },
      { row: 5, field: 'unitId', problem: 'unitRequired' },
      { row: 6, field: 'unitId', problem: 'unitKind' },
      { row: 7, field: 'unitId', problem: 'unitKind' },
    ]);
  });

  it('tells the ledger what was added, removed and changed', () => {
    const after = [rule({ disputeType: 'labour', channel: 'labourArbitration', unitId: 21, days: 30 }), rule({ disputeType: 'marriage', unitId: 20 })];
    const d = diffRoutingTables(table.slice(0, 2), after);
    expect(d.added).toEqual([after[1]]);
    expect(d.removed).toEqual([table[1]]);
    expect(d.changed).toEqual([{ from: table[0], to: after[0] }]);
    expect(diffRoutingTables(table, table)).toEqual({ added: [], removed: [], changed: [] });
  });
});
