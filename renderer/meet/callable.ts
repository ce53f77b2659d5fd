// Who sees a 一键通 button on a unit (the server decides too: app/domain/meet.ts mayOpen/callable). Only the county's
// duty officers and commander call, and they call any unit but the county itself.
import { ALERT_RAISERS, type CentreLevel, type SessionUser } from '../../protocol/index.ts';

export function mayCallUnit(user: Pick<SessionUser, 'role' | 'centreLevel'> | null | undefined, unitLevel: CentreLevel): boolean {
  return !!user && user.centreLevel === 'county' && ALERT_RAISERS.includes(user.role) && unitLevel !== 'county';
}
