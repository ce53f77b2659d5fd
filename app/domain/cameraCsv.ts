// Camera CSV import, the parsing half: RFC 4180 (quoted fields, doubled quotes, CRLF), an optional BOM, headers in
// Chinese or English. Each data row comes out with its line number and raw fields; validation is the caller's
// (protocol CameraInput plus township and duplicate checks).

export const CSV_COLUMNS = {
  name: ['name', '名称', '摄像机名称'],
  gbCode: ['gbcode', 'gb_code', '国标编码', '国标编号'],
  township: ['township', '乡镇', '乡镇(街道)', '乡镇（街道）', '所属乡镇'],
  lat: ['lat', 'latitude', '纬度'],
  lng: ['lng', 'lon', 'longitude', '经度'],
  sourceUrl: ['sourceurl', 'source_url', 'url', '视频源地址', '取流地址'],
} as const;
export type CsvColumn = keyof typeof CSV_COLUMNS;

export interface CsvRow {
  /** 1-based line in the file (the header is line 1). */
  line: number;
  fields: Partial<Record<CsvColumn, string>>;
}

export type CsvParse = { ok: true; rows: CsvRow[] } | { ok: false; error: string };

/** Splits CSV text into records of fields, tracking the line each record starts on. */
export function splitCsv(text: string): { line: number; cells: string[] }[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      cells.push(cell);
      records.push({ line: start, cells });
      cells = [];
      cell = '';
      line++;
      start = line;
    } else cell += ch;
  }
  if (cell !== '' || cells.length) {
    cells.push(cell);
    records.push({ line: start, cells });
  }
  return records.filter((r) => r.cells.some((c) => c.trim() !== ''));
}

export function parseCameraCsv(text: string, maxRows = 5000): CsvParse {
  const records = splitCsv(text);
  const header = records.shift();
  if (!header) return { ok: false, error: '文件为空 / the file is empty' };
  const index = new Map<CsvColumn, number>();
  header.cells.forEach((h, i) => {
    const key = h.trim().toLowerCase();
    for (const [col, names] of Object.entries(CSV_COLUMNS) as [CsvColumn, readonly string[]][]) {
      if (names.includes(key) && !index.has(col)) index.set(col, i);
    }
  });
  const missing = (['name', 'township', 'lat', 'lng', 'sourceUrl'] as const).filter((c) => !index.has(c));
  if (missing.length) return { ok: false, error: `缺少列 / missing columns: ${missing.join(', ')}` };
  if (records.length > maxRows) return { ok: false, error: `一次最多导入 ${maxRows} 行 / at most ${maxRows} rows per file` };
  const rows = records.map((r) => {
    const fields: CsvRow['fields'] = {};
    for (const [col, i] of index) fields[col] = (r.cells[i] ?? '').trim();
    return { line: r.line, fields };
  });
  return { ok: true, rows };
}
