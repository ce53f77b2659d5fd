import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DisputeFilter } from '../../protocol/index.ts';
import { migrate } from './db.ts';
import { createDisputeStore, type NewDispute } from './disputes.ts';

const T = Date.parse('2026-11-30T03:27:00Z');

function setup() {
  const db = new Database(':memory:');
  migrate(db);
  db.exec(`INSERT INTO centres (id, parent_id, level, code, name) VALUES (1, NULL, 'county', 'c', '青岚县'), (2, 1, 'township', 't1', '城关镇'), (3, 1, 'township', 't2', '河口镇');
    INSERT INTO users (id, username, name, role, centre_id, password_hash) VALUES (10, 'duty1', '值班员甲', 'dutyOfficer', 1, 'x');`);
  const store = createDisputeStore(db);
  let n = 0;
  const add = (summary: string, names: string[], phone: string, townshipId: number | null = null) => {
    n++;
    const d: NewDispute = {
      code: `ZZ20261130-0000000${n}-X`, channel: 'walk_in', hotlineRef: null, sourceUnit: null, incidentId: null, type: 'neighbour', amountFen: null,
      summary, peopleCount: 2, extremeThreat: false, riskGrade: 'low', riskReasons: [], repeatOf: [], state: 'registered', holderCentreId: 1,
      townshipId, registeredBy: 10, registeredCentreId: 1, idempotencyKey: `key-000${n}`, queueDay: '2026-11-30', queueTicket: n, registeredAt: T,
    };
    const id = store.insert(d);
    names.forEach((name, i) => {
      const personId = store.addPerson({ name, phone: i === 0 ? phone : null, idType: null, idNumber: null }, T);
      store.addParty(id, i, { personId, role: i === 0 ? 'applicant' : 'respondent', name, phone: i === 0 ? phone : null, idType: null, idNumber: null });
    });
    store.index(id);
    return id;
  };
  return { db, store, add };
}

describe('dispute store: search', () => {
  it('finds Chinese substrings of three or more characters by trigram, in names, phones and summary', () => {
    const { store, add } = setup();
    const a = add('因宅基地边界砌墙发生争执', ['欧阳明华', '李四'], '13812345678');
    const b = add('拖欠工资三个月', ['张三', '王五'], '13900001111');
    const q = (s: string) => store.list({ level: 'county' }, DisputeFilter.parse({ q: s })).map((r) => r.id);
    expect(q('宅基地')).toEqual([a]);
    expect(q('阳明华')).toEqual([a]);
    expect(q('900001')).toEqual([b]);
    expect(q('拖欠工资')).toEqual([b]);
    expect(q('不存在的')).toEqual([]);
  });
  it('a two-character query matches the start or end of a party name, a one-character one names that start with it; never the text', () => {
    const { store, add } = setup();
    const a = add('邻里争执', ['欧阳明华', '李四'], '13812345678');
    const b = add('张家与欧阳家的纠纷', ['张三', '王五'], '13900001111');
    const q = (s: string) => store.list({ level: 'county' }, DisputeFilter.parse({ q: s })).map((r) => r.id);
    expect(q('欧阳')).toEqual([a]);
    expect(q('明华')).toEqual([a]);
    expect(q('阳明')).toEqual([]); // the middle of a four-character name is not a name's start or end
    expect(q('张')).toEqual([b]);
    expect(q('三')).toEqual([]);
    expect(q('纠纷')).toEqual([]);
  });
  it('a township sees only what arose there, is held or registered there', () => {
    const { store, add } = setup();
    const a = add('甲', ['甲某'], '13800000001', 2);
    add('乙', ['乙某'], '13800000002', 3);
    expect(store.list({ level: 'unit', centreId: 2 }, DisputeFilter.parse({})).map((r) => r.id)).toEqual([a]);
    expect(store.visible({ level: 'unit', centreId: 3 }, a)).toBe(false);
  });
});
