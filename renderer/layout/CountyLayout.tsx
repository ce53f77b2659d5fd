import type { Session } from '../session/sessionSlice.ts';
import { Header } from './Header.tsx';
import { Workspace } from './Workspace.tsx';
import { QueueAttention } from '../queue/QueueAttention.tsx';
import { MeetLayer } from '../meet/MeetLayer.tsx';

/** County centre (duty officers, commander): every county view under one header. */
export function CountyLayout({ session }: { session: Session }) {
  return (
    <div className="shell" data-layout="county">
      <Header user={session.user} />
      <Workspace session={session} kind="county" />
      <QueueAttention user={session.user} />
      <MeetLayer user={session.user} />
    </div>
  );
}
