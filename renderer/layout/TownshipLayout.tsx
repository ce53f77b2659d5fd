import type { Session } from '../session/sessionSlice.ts';
import { QueueAttention } from '../queue/QueueAttention.tsx';
import { MeetLayer } from '../meet/MeetLayer.tsx';
import { Header } from './Header.tsx';
import { Workspace } from './Workspace.tsx';

/** Township / village centre: what waits for the unit always in view (header 待办, title, badge, alarms). */
export function TownshipLayout({ session }: { session: Session }) {
  return (
    <div className="shell" data-layout="township">
      <Header user={session.user} />
      <Workspace session={session} kind="township" />
      <QueueAttention user={session.user} />
      <MeetLayer user={session.user} />
    </div>
  );
}
