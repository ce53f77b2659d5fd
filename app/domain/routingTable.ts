// 法治化路线图: checking a routing table as the administrator saves it, and asking it where a dispute goes. Pure: the
// units and the dispute types are arguments.
import { ANY_DISPUTE_TYPE, type CentreLevel, type RoutingChannel, type RoutingRule, type RoutingStage } from '../../protocol/index.ts';

export interface RoutingUnit { id: number; level: CentreLevel; name: string }

/** One problem of a table, by row (0-based) and field, as the admin screen shows it. */
export interface RoutingProblem { row: number; field: 'disputeType' | 'stage' | 'unitId' | 'channel'; problem: 'unknownType' | 'duplicate' | 'unknownUnit' | 'unitKind' | 'unitRequired' }

/** The township channel names a township (or none: the dispute's own); every other channel a department. */
const unitLevelOf = (channel: RoutingChannel): CentreLevel => (channel === 'township' ? 'township' : 'department');

/** Every problem of the table; an empty list means it may be saved as it is. */
export function validateRoutingTable(rules: readonly RoutingRule[], units: ReadonlyMap<number, RoutingUnit>, types: readonly string[]): RoutingProblem[] {
  const problems: RoutingProblem[] = [];
  const seen = new Set<string>();
  rules.forEach((r, row) => {
    if (r.disputeType !== ANY_DISPUTE_TYPE && !types.includes(r.disputeType)) problems.push({ row, field: 'disputeType', problem: 'unknownType' });
    const key = `${r.disputeType}\u0000${r.stage}`;
    if (seen.has(key)) problems.push({ row, field: 'stage', problem: 'duplicate' });
    seen.add(key);
    if (r.unitId === null) {
      if (r.channel !== 'township') problems.push({ row, field: 'unitId', problem: 'unitRequired' });
      return;
    }
    const unit = units.get(r.unitId);
    if (!unit) problems.push({ row, field: 'unitId', problem: 'unknownUnit' });
    else if (unit.level !== unitLevelOf(r.channel)) problems.push({ row, field: 'unitId', problem: 'unitKind' });
  });
  return problems;
}

export interface RoutingSuggestion {
  rule: RoutingRule;
  /** The receiving unit, or null when the row means the dispute's own township and the dispute has none. */
  unitId: number | null;
}

/**
 * Where the table sends a dispute of this type at this stage: the row of its type, else the '*' row of the stage.
 * Null when the table has neither (the operator chooses).
 */
export function suggestRoute(rules: readonly RoutingRule[], dispute: { type: string; townshipId: number | null }, stage: RoutingStage): RoutingSuggestion | null {
  const rule = rules.find((r) => r.stage === stage && r.disputeType === dispute.type) ?? rules.find((r) => r.stage === stage && r.disputeType === ANY_DISPUTE_TYPE);
  if (!rule) return null;
  return { rule, unitId: rule.unitId ?? dispute.townshipId };
}

/** What changed between two tables, for the ledger: rows added, removed and changed, keyed by type and stage. */
export function diffRoutingTables(before: readonly RoutingRule[], after: readonly RoutingRule[]): { added: RoutingRule[]; removed: RoutingRule[]; changed: { from: RoutingRule; to: RoutingRule }[] } {
  const key = (r: RoutingRule) => `${r.disputeType}\u0000${r.stage}`;
  const old = new Map(before.map((r) => [key(r), r]));
  const now = new Map(after.map((r) => [key(r), r]));
  const added = after.filter((r) => !old.has(key(r)));
  const removed = before.filter((r) => !now.has(key(r)));
  const changed: { from: RoutingRule; to: RoutingRule }[] = [];
  for (const r of after) {
    const was = old.get(key(r));
    if (was && (was.channel !== r.channel || was.unitId !== r.unitId || was.days !== r.days)) changed.push({ from: was, to: r });
  }
  return { added, removed, changed };
}
