// The console's views (tabs). A feature adds its view here, once; the layouts show the views the user's centre may see.
import type { ReactNode } from 'react';
import { AlertFeed } from '../alerts/AlertFeed.tsx';
import { Overview } from '../alerts/Overview.tsx';
import { RaiseForm } from '../alerts/RaiseForm.tsx';
import { TownshipInbox } from '../alerts/TownshipInbox.tsx';
import { CommandView } from '../wartime/CommandView.tsx';
import { TownshipOrders } from '../dispatch/TownshipOrders.tsx';
import type { Session } from '../session/sessionSlice.ts';
import { MapTab } from '../map/MapTab.tsx';
import { IncidentsView } from '../incidents/IncidentsView.tsx';
import { WallView } from '../wall/WallView.tsx';
import { useTranslation } from 'react-i18next';
import { QueueView } from '../queue/QueueView.tsx';
import type { Role } from '../../protocol/index.ts';
import { UsersView } from '../users/UsersView.tsx';
import { CountyImportView } from '../admin/CountyImportView.tsx';
import { DutyView } from '../duty/DutyView.tsx';
import { DirectoryView } from '../duty/DirectoryView.tsx';
import { HistoryView } from '../duty/HistoryView.tsx';
import '../duty/i18n.ts';
import { DisputesView } from '../disputes/DisputesView.tsx';
import { PlaybackView } from '../playback/PlaybackView.tsx';
import { RoutingTableView } from '../mediation/RoutingTableView.tsx';
import { StatsTab } from '../stats/StatsTab.tsx';

export type ConsoleKind = 'county' | 'township';

export interface ConsoleView {
  /** Also the URL hash (#alerts), so a view can be linked and tests can open it. */
  id: string;
  /** i18n key of the tab label. */
  label: string;
  consoles: readonly ConsoleKind[];
  /** Only these roles see the view (default: every role of the console). */
  roles?: readonly Role[];
  render(session: Session): ReactNode;
  /** Once opened, stays mounted (hidden) while another tab shows: the wall keeps its players, so a return is instant. */
  keepMounted?: boolean;
}

function CountyAlerts({ session }: { session: Session }) {
  const { t } = useTranslation();
  return (
    <div className="body">
      <aside className="sidebar">
        <div className="panel-head">
          <span>{t('overview.title')}</span>
        </div>
        <Overview />
        <div className="panel-head">
          <span id="raise-heading">{t('raise.title')}</span>
        </div>
        <RaiseForm user={session.user} token={session.token} />
      </aside>
      <main className="main">
        <AlertFeed />
      </main>
    </div>
  );
}

/** The 待办 view's id: a console with items waiting lands on it (Workspace). */
export const QUEUE_VIEW = 'queue';

export const VIEWS: ConsoleView[] = [
  { id: QUEUE_VIEW, label: 'queue.tab', consoles: ['county', 'township'], render: (s) => <QueueView session={s} /> },
  { id: 'alerts', label: 'views.alerts', consoles: ['county'], render: (s) => <CountyAlerts session={s} /> },
  { id: 'alerts', label: 'views.alerts', consoles: ['township'], render: (s) => <TownshipInbox centreId={s.user.centreId} /> },
  { id: 'command', label: 'wartime.tabCommand', consoles: ['county'], render: () => <CommandView /> },
  { id: 'orders', label: 'wartime.tabTownship', consoles: ['township'], render: (s) => <TownshipOrders session={s} /> },
  { id: 'incidents', label: 'incidents.tab', consoles: ['county', 'township'], render: (s) => <IncidentsView session={s} /> },
  {
    id: 'disputes', label: 'disputes.tab', consoles: ['county', 'township'],
    roles: ['dutyOfficer', 'commander', 'townshipOperator', 'departmentOperator'], render: (s) => <DisputesView session={s} />,
  },
  { id: 'map', label: 'map.tab', consoles: ['county', 'township'], render: (s) => <MapTab session={s} /> },
  { id: 'stats', label: 'stats.tab', consoles: ['county', 'township'], roles: ['commander', 'dutyOfficer', 'townshipOperator'], render: (s) => <StatsTab session={s} /> },
  { id: 'wall', label: 'wall.tab', consoles: ['county', 'township'], render: (s) => <WallView session={s} />, keepMounted: true },
  { id: 'duty', label: 'duty.tab', consoles: ['county', 'township'], render: (s) => <DutyView session={s} /> },
  { id: 'directory', label: 'duty.directoryTab', consoles: ['county', 'township'], render: (s) => <DirectoryView session={s} /> },
  { id: 'history', label: 'duty.historyTab', consoles: ['county', 'township'], render: (s) => <HistoryView session={s} /> },
  { id: 'playback', label: 'playback.tab', consoles: ['county', 'township'], render: (s) => <PlaybackView session={s} /> },
  { id: 'users', label: 'users.tab', consoles: ['county'], roles: ['admin'], render: (s) => <UsersView session={s} /> },
  { id: 'admin-import', label: 'countyImport.tab', consoles: ['county'], roles: ['admin'], render: (s) => <CountyImportView session={s} /> },
  { id: 'admin-routing', label: 'mediation.admin.tab', consoles: ['county'], roles: ['admin'], render: (s) => <RoutingTableView session={s} /> },
];

export function viewsFor(kind: ConsoleKind, role?: Role): ConsoleView[] {
  return VIEWS.filter((v) => v.consoles.includes(kind) && (!v.roles || (role !== undefined && v.roles.includes(role))));
}
