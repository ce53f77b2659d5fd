// Every error that crosses the wire has a stable code and a message in Chinese and English,
// so a person can act on it and a program can branch on it.
export const ERROR_MESSAGES = {
  BAD_REQUEST: ['请求格式不正确', 'The request is malformed'],
  VALIDATION_FAILED: ['提交的内容不符合要求', 'The submitted data is invalid'],
  AUTH_INVALID_CREDENTIALS: ['用户名或密码错误', 'Wrong username or password'],
  AUTH_RATE_LIMITED: ['登录尝试过于频繁，请稍后再试', 'Too many login attempts; try again later'],
  AUTH_REQUIRED: ['请先登录', 'Please log in first'],
  AUTH_TOKEN_EXPIRED: ['登录已过期，请重新登录', 'Your session has expired; log in again'],
  AUTH_TOKEN_INVALID: ['登录凭证无效，请重新登录', 'Your session is not valid; log in again'],
  FORBIDDEN_ROLE: ['当前角色无权执行此操作', 'Your role may not do this'],
  FORBIDDEN_SCOPE: ['无权访问其他中心的数据', 'This belongs to another centre'],
  NOT_FOUND: ['未找到', 'Not found'],
  ALERT_ALREADY_ACKNOWLEDGED: ['该预警已签收', 'This alert is already acknowledged'],
  TARGET_UNKNOWN: ['目标中心不存在', 'A target centre does not exist'],
  WARTIME_CONFIRM_MISMATCH: ['确认文字不正确，请按提示输入', 'The confirmation text does not match'],
  WARTIME_ALREADY_ACTIVE: ['已处于战时状态', 'Wartime is already in force'],
  WARTIME_NOT_ACTIVE: ['当前为平时状态，没有进行中的战时', 'Not in wartime'],
  COMMAND_STAFF_INVALID: ['指挥人员须为县综治中心在岗人员，且不能重复', 'Command roles must be distinct, active county staff'],
  TARGET_OUT_OF_SCOPE: ['下发对象不在战时范围内', 'A target is outside the wartime scope'],
  ORDER_ALREADY_SIGNED: ['该指令已签收', 'This order is already signed'],
  ORDER_NOT_SIGNED: ['请先签收，再反馈', 'Sign the order before reporting back'],
  ORDER_ALREADY_REPORTED: ['该指令已反馈', 'This order has already been reported back'],
  DAILY_REPORT_BAD_DATE: ['只能报送当日报表', 'Only today\'s report can be submitted'],
  RISK_CLOSED: ['该风险隐患已销号', 'This risk is already closed'],
  INCIDENT_BAD_TRANSITION: ['当前状态下不能执行此操作', 'This step is not possible in the case\'s current state'],
  INCIDENT_BAD_TARGET: ['目标不正确：只能分流给下一级中心，或合并到未结案件', 'Wrong target: assign only to a centre one level down, merge only into an open case'],
  INCIDENT_EXTENSION_TOO_LONG: ['延期后总时限不能超过15天', 'With the extension the case would exceed 15 days'],
  CATEGORY_UNKNOWN: ['事件类别不存在', 'Unknown incident category'],
  LOCATION_OUTSIDE: ['位置不在本县范围内', 'The location is outside the county'],
  PHOTO_UNKNOWN: ['照片未上传或已失效', 'A photo was not uploaded'],
  PHOTO_INVALID: ['照片格式不支持（仅 JPEG/PNG/WebP）或超过5MB', 'Photos must be JPEG, PNG or WebP and at most 5 MB'],
  CASE_CODE_INVALID: ['案件编码无效', 'This case code is not valid'],
  RATE_LIMITED: ['请求过于频繁，请稍后再试', 'Too many requests; try again later'],
  MEDIA_UNAVAILABLE: ['视频服务不可用（服务器未安装 ffmpeg）', 'Video is unavailable: the server has no ffmpeg'],
  CAMERA_OFFLINE: ['摄像机离线，无法获取画面', 'The camera is offline; no picture'],
  CAMERA_DUPLICATE: ['国标编码已被其他摄像机使用', 'Another camera already has this GB/T 28181 code'],
  CAMERA_IMPORT_INVALID: ['导入文件有错误，未导入任何摄像机，请按行修改后重新导入', 'The file has errors; nothing was imported. Fix the rows listed and import again'],
  PLAY_TOKEN_INVALID: ['播放地址无效或已过期', 'The play link is invalid or has expired'],
  WALL_BAD_TILE: ['该屏幕或画面位置不存在', 'No such screen or tile'],
  COUNTY_IMPORT_INVALID: ['导入文件有问题，未导入任何内容，请按清单修改后重新导入', 'The files have problems; nothing was imported. Fix the listed problems and import again'],
  INTERNAL: ['服务器内部错误', 'Internal server error'],
} as const satisfies Record<string, readonly [string, string]>;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export interface ApiError {
  code: ErrorCode;
  message: string;
  messageEn: string;
  /** Field-level detail for validation failures (path → reason). */
  details?: Record<string, string>;
}

export function apiError(code: ErrorCode, details?: Record<string, string>): ApiError {
  const [message, messageEn] = ERROR_MESSAGES[code];
  return details ? { code, message, messageEn, details } : { code, message, messageEn };
}

/** HTTP status for each code, used by the REST edge. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  AUTH_INVALID_CREDENTIALS: 401,
  AUTH_RATE_LIMITED: 429,
  AUTH_REQUIRED: 401,
  AUTH_TOKEN_EXPIRED: 401,
  AUTH_TOKEN_INVALID: 401,
  FORBIDDEN_ROLE: 403,
  FORBIDDEN_SCOPE: 403,
  NOT_FOUND: 404,
  ALERT_ALREADY_ACKNOWLEDGED: 409,
  TARGET_UNKNOWN: 400,
  WARTIME_CONFIRM_MISMATCH: 400,
  WARTIME_ALREADY_ACTIVE: 409,
  WARTIME_NOT_ACTIVE: 409,
  COMMAND_STAFF_INVALID: 400,
  TARGET_OUT_OF_SCOPE: 400,
  ORDER_ALREADY_SIGNED: 409,
  ORDER_NOT_SIGNED: 409,
  ORDER_ALREADY_REPORTED: 409,
  DAILY_REPORT_BAD_DATE: 400,
  RISK_CLOSED: 409,
  INCIDENT_BAD_TRANSITION: 409,
  INCIDENT_BAD_TARGET: 400,
  INCIDENT_EXTENSION_TOO_LONG: 400,
  CATEGORY_UNKNOWN: 400,
  LOCATION_OUTSIDE: 400,
  PHOTO_UNKNOWN: 400,
  PHOTO_INVALID: 415,
  CASE_CODE_INVALID: 404,
  RATE_LIMITED: 429,
  MEDIA_UNAVAILABLE: 503,
  CAMERA_OFFLINE: 409,
  CAMERA_DUPLICATE: 409,
  CAMERA_IMPORT_INVALID: 400,
  PLAY_TOKEN_INVALID: 403,
  WALL_BAD_TILE: 400,
  COUNTY_IMPORT_INVALID: 400,
  INTERNAL: 500,
};

/** The reply every acknowledged socket request gets. */
export type Reply<T> = { ok: true; data: T } | { ok: false; error: ApiError };
