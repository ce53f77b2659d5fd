// Live presence per centre: how many consoles of a township or village are connected, and when one last was.
// Counted from the hub's authenticated sockets; a change of online/offline is pushed to the county's consoles at once
// (latest wins: presence is not part of the durable stream). The last-seen time survives restarts (centre_presence).
import type { Presence } from '../../protocol/index.ts';
import { centreRoom, type HubServer } from './hub.ts';

export interface PresenceDeps {
  countyId: number;
  /** Last-seen times from the database, at start. */
  lastSeen: Map<number, number>;
  saveSeen(centreId: number, at: number): void;
  clock(): number;
  log(msg: string, err?: unknown): void;
}

export function createPresence(io: HubServer, deps: PresenceDeps) {
  const counts = new Map<number, number>();
  const seen = new Map(deps.lastSeen);

  const view = (centreId: number): Presence => {
    const consoles = counts.get(centreId) ?? 0;
    return { centreId, online: consoles > 0, consoles, lastSeen: consoles > 0 ? deps.clock() : (seen.get(centreId) ?? null) };
  };
  const push = (centreId: number) => {
    io.to(centreRoom(deps.countyId)).emit('presence', view(centreId));
  };

  io.on('connection', (socket) => {
    const centreId = socket.data.user.centreId;
    if (centreId === deps.countyId) return;
    const n = (counts.get(centreId) ?? 0) + 1;
    counts.set(centreId, n);
    if (n === 1) push(centreId);
    socket.on('disconnect', () => {
      const left = (counts.get(centreId) ?? 1) - 1;
      const now = deps.clock();
      seen.set(centreId, now);
      if (left > 0) {
        counts.set(centreId, left);
        return;
      }
      counts.delete(centreId);
      try {
        deps.saveSeen(centreId, now);
      } catch (err) {
        deps.log('presence: saving last seen failed', err);
      }
      push(centreId);
    });
  });

  return {
    /** Every centre that has been seen or is online (the county's board fills in the rest as never seen). */
    all(): Presence[] {
      const ids = new Set([...counts.keys(), ...seen.keys()]);
      return [...ids].sort((a, b) => a - b).map(view);
    },
    online: (centreId: number) => (counts.get(centreId) ?? 0) > 0,
  };
}
export type PresenceTracker = ReturnType<typeof createPresence>;
