// The demo county's duty desk: a duty phone for every unit and rosters from yesterday to tomorrow for the county, the
// townships and the departments, so "who is on duty now" shows something on a fresh demo. A no-op once seeded.
import type { ShiftDef } from '../../protocol/index.ts';
import { addDays } from '../domain/duty.ts';
import { shanghaiDay } from '../domain/wartime.ts';
import type { Db } from './db.ts';

const LEADERS = ['王建国', '李卫东', '张志强', '刘春生', '陈国华', '杨立新', '赵永红', '黄德明', '周海涛', '吴文斌', '徐长青', '孙秀英', '马俊杰', '朱红梅', '胡正平', '郭振华', '何丽萍', '高振宇'];

export function seedDemoDuty(db: Db, now: number, shifts: readonly ShiftDef[]): void {
  if (db.prepare('SELECT 1 FROM duty_phones LIMIT 1').get()) return;
  const units = db.prepare("SELECT id, level FROM centres ORDER BY id").all() as { id: number; level: string }[];
  const staff = db.prepare<[number], { id: number; name: string; role: string; phone: string | null }>(
    "SELECT id, name, role, phone FROM users WHERE centre_id = ? AND active = 1 AND role <> 'gridMember' AND role <> 'admin' ORDER BY id",
  );
  const phone = db.prepare('INSERT INTO duty_phones (centre_id, phone, updated_at) VALUES (?, ?, ?)');
  const entry = db.prepare('INSERT INTO duty_roster (centre_id, day, shift, position, name, phone, user_id, ord) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const admin = db.prepare("SELECT id FROM users WHERE role = 'admin' ORDER BY id LIMIT 1").get() as { id: number } | undefined;
  const day = db.prepare('INSERT INTO duty_roster_days (centre_id, day, updated_at, updated_by) VALUES (?, ?, ?, ?)');
  const today = shanghaiDay(now);
  db.transaction(() => {
    units.forEach((u, i) => {
      phone.run(u.id, `0871-${String(6600000 + u.id).slice(-7)}`, now);
      if (u.level === 'village' || !admin) return;
      const people = staff.all(u.id);
      const officers = people.filter((p) => p.role !== 'commander');
      const leader = people.find((p) => p.role === 'commander');
      for (const d of [addDays(today, -1), today, addDays(today, 1)]) {
        let ord = 0;
        shifts.forEach((s, si) => {
          const lead = leader ?? { id: null, name: LEADERS[(i + si) % LEADERS.length] as string, phone: `139${String(10000000 + u.id * 10 + si).slice(-8)}` };
          entry.run(u.id, d, s.code, 'leader', lead.name, lead.phone ?? '', lead.id, ord++);
          const o = officers[si % Math.max(1, officers.length)];
          if (o) entry.run(u.id, d, s.code, 'officer', o.name, o.phone ?? '', o.id, ord++);
        });
        day.run(u.id, d, now, admin.id);
      }
    });
  })();
}
