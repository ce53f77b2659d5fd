// Who may acknowledge an alarm or mute a console: the people on duty at a centre, not grid members or admins.
import type { ErrorCode, Role } from '../../protocol/index.ts';
import type { Actor } from './access.ts';

const ON_DUTY: readonly Role[] = ['dutyOfficer', 'commander', 'townshipOperator', 'villageOperator'];

export function mayAckAlarm(actor: Actor): ErrorCode | null {
  return ON_DUTY.includes(actor.role) ? null : 'FORBIDDEN_ROLE';
}
