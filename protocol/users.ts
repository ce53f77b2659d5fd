// User administration (管理 · 用户) and one's own password: the admin's HTTP bodies and what they answer.
import { z } from 'zod';
import { SessionUser } from './auth.ts';
import { CentreLevel, Role, Stationing } from './roles.ts';

export const UserName = z.string().trim().regex(/^[A-Za-z0-9_.-]{2,32}$/, '2–32 位字母、数字、_ . - / 2–32 letters, digits, _ . -');
const Phone = z.string().trim().regex(/^[0-9+\- ]{0,20}$/, '电话号码格式不正确 / not a phone number');

/** An account as the administrator sees it (never its hash). */
export const AdminUser = SessionUser.extend({
  phone: z.string().nullable(),
  active: z.boolean(),
  mustChangePassword: z.boolean(),
});
export type AdminUser = z.infer<typeof AdminUser>;

export const CreateUser = z.object({
  username: UserName,
  name: z.string().trim().min(1).max(40),
  role: Role,
  centreId: z.number().int().positive(),
  phone: Phone.optional(),
});
export type CreateUser = z.infer<typeof CreateUser>;

/** Edit: any subset of name, role, unit, phone. */
export const UpdateUser = z
  .object({ name: z.string().trim().min(1).max(40), role: Role, centreId: z.number().int().positive(), phone: Phone })
  .partial()
  .refine((v) => Object.keys(v).length > 0, '没有要修改的内容 / nothing to change');
export type UpdateUser = z.infer<typeof UpdateUser>;

export const SetActive = z.object({ active: z.boolean() });

/** Create and reset both answer with the one-time password, shown once to the administrator. */
export const OneTimePassword = z.object({ user: AdminUser, oneTimePassword: z.string() });
export type OneTimePassword = z.infer<typeof OneTimePassword>;

export const ChangePassword = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});
export type ChangePassword = z.infer<typeof ChangePassword>;

/** 批量发放临时密码: every account of a unit (and, if asked, its sub-units) that has no usable password yet. */
export const BatchPasswords = z.object({ centreId: z.number().int().positive(), includeSubunits: z.boolean().default(false) });
export type BatchPasswords = z.input<typeof BatchPasswords>;
/** The printed list, answered once and never stored in clear. */
export const IssuedPassword = z.object({
  userId: z.number().int(),
  name: z.string(),
  username: z.string(),
  unitName: z.string(),
  gridName: z.string().nullable(),
  oneTimePassword: z.string(),
});
export type IssuedPassword = z.infer<typeof IssuedPassword>;
export const BatchPasswordsResult = z.object({ unitName: z.string(), includeSubunits: z.boolean(), issued: z.array(IssuedPassword) });
export type BatchPasswordsResult = z.infer<typeof BatchPasswordsResult>;

/** A unit (centre) as the admin screen lists it: the tree is data — county, townships, villages, departments. */
export const AdminUnit = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  level: CentreLevel,
  code: z.string(),
  name: z.string(),
  stationing: Stationing.nullable(),
});
export type AdminUnit = z.infer<typeof AdminUnit>;
