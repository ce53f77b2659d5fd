import { create } from 'zustand';
import { createAlertsSlice, type AlertsSlice } from './alerts/alertsSlice.ts';
import { createCentresSlice, type CentresSlice } from './alerts/centresSlice.ts';
import { createWartimeSlice, type WartimeSlice } from './wartime/wartimeSlice.ts';
import { createConnectionSlice, type ConnectionSlice } from './net/connectionSlice.ts';
import { createSessionSlice, type SessionSlice } from './session/sessionSlice.ts';
import { createMapSlice, type MapSlice } from './map/mapSlice.ts';
import { createIncidentsSlice, type IncidentsSlice } from './incidents/incidentsSlice.ts';
import { createWallSlice, type WallSlice } from './wall/wallSlice.ts';
import { createAlarmSlice, type AlarmSlice } from './queue/alarmSlice.ts';
import { createDutySlice, type DutySlice } from './duty/dutySlice.ts';
import { createDisputesSlice, type DisputesSlice } from './disputes/disputesSlice.ts';
import { createFlowsSlice, type FlowsSlice } from './mediation/flowsSlice.ts';
import { createMeetSlice, type MeetSlice } from './meet/meetSlice.ts';

// One zustand store built from feature slices. It is a cache of server state plus local UI state;
// socket handlers call its actions through useStore.getState().

export type AppState = WartimeSlice &
  SessionSlice &
  ConnectionSlice &
  AlertsSlice &
  CentresSlice &
  IncidentsSlice &
  MapSlice &
  WallSlice &
  AlarmSlice &
  DutySlice &
  DisputesSlice &
  FlowsSlice &
  MeetSlice;

export const useStore = create<AppState>()((...a) => ({
  ...createSessionSlice(...a),
  ...createConnectionSlice(...a),
  ...createAlertsSlice(...a),
  ...createCentresSlice(...a),
  ...createWartimeSlice(...a),
  ...createIncidentsSlice(...a),
  ...createMapSlice(...a),
  ...createWallSlice(...a),
  ...createAlarmSlice(...a),
  ...createDutySlice(...a),
  ...createDisputesSlice(...a),
  ...createFlowsSlice(...a),
  ...createMeetSlice(...a),
}));
