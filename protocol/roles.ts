import { z } from 'zod';

export const ROLES = ['dutyOfficer', 'commander', 'townshipOperator', 'villageOperator', 'gridMember', 'admin'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const ROLE_LABELS: Record<Role, [string, string]> = {
  dutyOfficer: ['值班员', 'Duty officer'],
  commander: ['指挥长', 'Commander'],
  townshipOperator: ['乡镇综治中心值班员', 'Township operator'],
  villageOperator: ['村(社区)综治中心', 'Village operator'],
  gridMember: ['网格员', 'Grid member'],
  admin: ['系统管理员', 'Administrator'],
};

export const CentreLevel = z.enum(['county', 'township', 'village']);
export type CentreLevel = z.infer<typeof CentreLevel>;

/** Roles that act for the county and may raise alerts. */
export const ALERT_RAISERS: readonly Role[] = ['dutyOfficer', 'commander'];
/** Roles whose consoles confirm delivery (\`received\`): the operators of a unit. A grid member's phone has no unit stream. */
export const DELIVERY_CONFIRMERS: readonly Role[] = ['dutyOfficer', 'commander', 'townshipOperator', 'villageOperator'];
/** Roles that have a unit stream at all (everyone at a console; a grid member's phone works over HTTP only). */
export const STREAM_ROLES: readonly Role[] = ['dutyOfficer', 'commander', 'townshipOperator', 'villageOperator', 'admin'];
/** Roles that sign (签收) alerts for their centre. */
export const ALERT_SIGNERS: readonly Role[] = ['townshipOperator', 'villageOperator'];
