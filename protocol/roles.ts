import { z } from 'zod';

export const ROLES = ['dutyOfficer', 'commander', 'townshipOperator', 'villageOperator', 'gridMember', 'admin', 'departmentOperator'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const ROLE_LABELS: Record<Role, [string, string]> = {
  dutyOfficer: ['值班员', 'Duty officer'],
  commander: ['指挥长', 'Commander'],
  townshipOperator: ['乡镇综治中心值班员', 'Township operator'],
  villageOperator: ['村(社区)综治中心', 'Village operator'],
  gridMember: ['网格员', 'Grid member'],
  admin: ['系统管理员', 'Administrator'],
  departmentOperator: ['驻中心部门值班员', 'Department operator'],
};

/** Unit kinds (rows of unit_kinds): a department is stationed at the county centre and works like a township. */
export const CentreLevel = z.enum(['county', 'township', 'village', 'department']);
export type CentreLevel = z.infer<typeof CentreLevel>;

/** Roles that act for the county and may raise alerts. */
export const ALERT_RAISERS: readonly Role[] = ['dutyOfficer', 'commander'];
/** Roles whose consoles confirm delivery (\`received\`): the operators of a unit. A grid member's phone has no unit stream. */
export const DELIVERY_CONFIRMERS: readonly Role[] = ['dutyOfficer', 'commander', 'townshipOperator', 'villageOperator', 'departmentOperator'];
/** Roles that have a unit stream at all (everyone at a console; a grid member's phone works over HTTP only). */
export const STREAM_ROLES: readonly Role[] = [...DELIVERY_CONFIRMERS, 'admin'];
/** Roles that sign (签收) alerts for their centre. */
export const ALERT_SIGNERS: readonly Role[] = ['townshipOperator', 'villageOperator', 'departmentOperator'];

/** How a department is stationed at the centre: 常驻 (always), 轮驻 (in rotation), 随驻 (when called). */
export const Stationing = z.enum(['resident', 'rotating', 'onCall']);
export type Stationing = z.infer<typeof Stationing>;
export const STATIONING_LABELS: Record<Stationing, [string, string]> = {
  resident: ['常驻', 'Resident'],
  rotating: ['轮驻', 'Rotating'],
  onCall: ['随驻', 'On call'],
};

/** Which unit kind each role belongs to: an account's unit must be of this kind. */
export const ROLE_UNIT: Record<Role, CentreLevel> = {
  dutyOfficer: 'county',
  commander: 'county',
  admin: 'county',
  townshipOperator: 'township',
  villageOperator: 'village',
  gridMember: 'village',
  departmentOperator: 'department',
};
