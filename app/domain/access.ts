// Who may do what, and where. Pure: the caller passes the user's role and centre.
import { ALERT_RAISERS, ALERT_SIGNERS, type CentreLevel, type Role } from '../../protocol/index.ts';
import type { ErrorCode } from '../../protocol/index.ts';

export interface Actor {
  id: number;
  role: Role;
  centreId: number;
  centreLevel: CentreLevel;
}

export function mayRaiseAlert(actor: Actor): ErrorCode | null {
  if (!ALERT_RAISERS.includes(actor.role)) return 'FORBIDDEN_ROLE';
  return actor.centreLevel === 'county' ? null : 'FORBIDDEN_SCOPE';
}

/** Only a signer of the recipient centre itself may sign for it. */
export function maySign(actor: Actor, recipientCentreId: number): ErrorCode | null {
  if (!ALERT_SIGNERS.includes(actor.role)) return 'FORBIDDEN_ROLE';
  return actor.centreId === recipientCentreId ? null : 'FORBIDDEN_SCOPE';
}
