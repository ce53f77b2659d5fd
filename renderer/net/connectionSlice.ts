import type { StateCreator } from 'zustand';
import type { AppState } from '../store.ts';
import { NO_CURSOR, type Cursor } from '../stream/cursor.ts';

/** connecting: opening the socket or catching up (sync); connected: live and caught up; disconnected: lost (retrying). */
export type ConnState = 'connecting' | 'connected' | 'disconnected';

export interface ConnectionSlice {
  conn: ConnState;
  /** socket.io reconnection attempt number while disconnected (0 = none yet). */
  reconnectAttempt: number;
  setConn(conn: ConnState, reconnectAttempt?: number): void;
  /** The durable stream's cursor on this console (renderer/stream/). */
  cursor: Cursor;
  setCursor(cursor: Cursor): void;
}

export const createConnectionSlice: StateCreator<AppState, [], [], ConnectionSlice> = (set) => ({
  conn: 'connecting',
  reconnectAttempt: 0,
  setConn(conn, reconnectAttempt = 0) {
    set({ conn, reconnectAttempt });
  },
  cursor: NO_CURSOR,
  setCursor(cursor) {
    set({ cursor });
  },
});
