// County import (区划导入): the problems a dry run lists and the summary a clean run reports.
import { z } from 'zod';
import { CentreLevel } from './roles.ts';

/** One class per kind of bad input; each names a file and a row or feature. */
export const IMPORT_PROBLEMS = {
  FILE_UNREADABLE: ['文件无法读取或格式不支持', 'The file cannot be read or its format is not supported'],
  CRS_MISSING: ['未声明坐标系（WGS-84 / CGCS2000 / GCJ-02 / BD-09）', 'No coordinate system declared (WGS-84 / CGCS2000 / GCJ-02 / BD-09)'],
  CODE_MISSING: ['缺少代码', 'The code is missing'],
  CODE_MALFORMED: ['代码格式不正确（区划须为12位统计用区划代码）', 'The code is malformed (areas need a 12-digit statistical code)'],
  CODE_DUPLICATE: ['代码重复', 'The code appears twice'],
  NAME_MISSING: ['缺少名称或姓名', 'The name is missing'],
  GEOMETRY_INVALID: ['边界图形无效', 'The boundary geometry is invalid'],
  PARENT_UNKNOWN: ['上级区划不存在', 'The parent area does not exist'],
  COUNTY_MISMATCH: ['与本中心已有的县不是同一个县', 'This is not the county this centre already has'],
  GRID_OVERLAP: ['网格与其他网格重叠', 'The grid overlaps another grid'],
  GRID_OUTSIDE_VILLAGE: ['网格超出所属村(社区)范围', 'The grid lies outside its village'],
  UNIT_UNKNOWN: ['所属单位不存在', 'The unit does not exist'],
  GRID_UNKNOWN: ['网格不存在或不属于该单位', 'The grid does not exist or is not in this unit'],
  ROLE_UNKNOWN: ['角色不正确或与单位层级不符', 'The role is unknown or does not fit the unit'],
  PHONE_MALFORMED: ['手机号格式不正确（11位）', 'The mobile number is malformed (11 digits)'],
  PHONE_DUPLICATE: ['手机号重复', 'The mobile number appears twice'],
  STATIONING_UNKNOWN: ['驻中心方式须为常驻、轮驻或随驻', 'The stationing must be 常驻 (resident), 轮驻 (rotating) or 随驻 (on call)'],
} as const satisfies Record<string, readonly [string, string]>;
export type ImportProblemCode = keyof typeof IMPORT_PROBLEMS;
export const ImportProblemCode = z.enum(Object.keys(IMPORT_PROBLEMS) as [ImportProblemCode, ...ImportProblemCode[]]);

export const ImportProblem = z.object({
  file: z.string(),
  /** 'row': a people file's line as a spreadsheet shows it (the header is line 1); 'feature': a boundary file's feature (1-based); 'file': the whole file. */
  kind: z.enum(['row', 'feature', 'file']),
  n: z.number().int().nullable(),
  code: ImportProblemCode,
  /** What was found (a code, a value, the other grid), never translated. */
  detail: z.string(),
});
export type ImportProblem = z.infer<typeof ImportProblem>;

export const ImportSummary = z.object({
  county: z.string().nullable(),
  townships: z.number().int(),
  villages: z.number().int(),
  grids: z.number().int(),
  people: z.number().int(),
  /** Departments stationed at the centre (常驻/轮驻/随驻) the files bring. */
  departments: z.number().int().default(0),
  /** Grids in the centre that the files no longer have: retired (kept for history), not deleted. */
  gridsRetired: z.number().int(),
  /** Townships, villages and departments the files no longer have: retired (kept for history), not deleted. */
  unitsRetired: z.array(z.object({
    level: CentreLevel, code: z.string(), name: z.string(),
    /** Active accounts still at the unit: they keep their console (no more work arrives), unless the files move them. */
    accounts: z.number().int(),
  })).default([]),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

export const ImportResult = z.object({
  committed: z.boolean(),
  problems: z.array(ImportProblem),
  summary: ImportSummary,
});
export type ImportResult = z.infer<typeof ImportResult>;

export const COORDINATE_SYSTEMS = ['wgs84', 'cgcs2000', 'gcj02', 'bd09'] as const;
export const CoordinateSystem = z.enum(COORDINATE_SYSTEMS);
export type CoordinateSystem = z.infer<typeof CoordinateSystem>;

/** "文件 X 第 N 行: 问题 (detail)" in the operator's language. */
export function describeProblem(p: ImportProblem, lang: 'zh' | 'en' = 'zh'): string {
  const [zh, en] = IMPORT_PROBLEMS[p.code];
  const where = p.kind === 'file' ? '' : lang === 'zh' ? ` 第${p.n}${p.kind === 'row' ? '行' : '个要素'}` : ` ${p.kind} ${p.n}`;
  return `${p.file}${where}: ${lang === 'zh' ? zh : en}${p.detail ? ` (${p.detail})` : ''}`;
}

/** POST /api/admin/import/check and /commit: the files as base64, and the operator's coordinate system per file. */
export const ImportRequestBody = z.object({
  files: z
    .array(z.object({ name: z.string().min(1).max(200), data: z.string().max(90 * 1024 * 1024) }))
    .min(1)
    .max(20),
  crs: z.record(z.string(), CoordinateSystem).default({}),
});
export type ImportRequestBody = z.input<typeof ImportRequestBody>;
