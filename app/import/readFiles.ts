// County import, the reading half: GeoJSON, zipped Shapefiles, CSV and xlsx files become boundary features and
// people rows. A file that cannot be read becomes a FILE_UNREADABLE problem, never an exception.
import JSZip from 'jszip';
import Papa from 'papaparse';
import ExcelJS from 'exceljs';
import { parseDbf, parseShp } from 'shpjs';
import type { CoordinateSystem, ImportProblem } from '../../protocol/countyImport.ts';
import type { GeoSource, PeopleSource } from '../domain/countyImport.ts';

export interface InputFile { name: string; bytes: Uint8Array }

export interface ReadFiles { geo: GeoSource[]; people: PeopleSource[]; problems: ImportProblem[] }

/** A declared coordinate system, from a GeoJSON crs name, a .prj text or an operator's word. */
export function crsFromText(text: string): CoordinateSystem | null {
  const t = text.toLowerCase();
  if (/gcj|火星|高德|腾讯/.test(t)) return 'gcj02';
  if (/bd-?09|百度/.test(t)) return 'bd09';
  if (/4490|cgcs|china_geodetic_coordinate_system_2000|china 2000/.test(t)) return 'cgcs2000';
  if (/4326|crs84|wgs[ _-]?(19)?84/.test(t)) return 'wgs84';
  return null;
}

const unreadable = (file: string, detail: string): ImportProblem => ({ file, kind: 'file', n: null, code: 'FILE_UNREADABLE', detail });

/** Reads every file; `crs` holds the operator's declarations by file name, which win over the file's own. */
export async function readCountyFiles(files: readonly InputFile[], crs: Readonly<Record<string, CoordinateSystem>> = {}): Promise<ReadFiles> {
  const out: ReadFiles = { geo: [], people: [], problems: [] };
  for (const f of files) {
    const ext = f.name.toLowerCase().split('.').pop() ?? '';
    try {
      if (ext === 'geojson' || ext === 'json') out.geo.push(readGeoJson(f, crs[f.name]));
      else if (ext === 'zip') out.geo.push(await readShapefileZip(f, crs[f.name]));
      else if (ext === 'csv') out.people.push(readCsv(f));
      else if (ext === 'xlsx') out.people.push(await readXlsx(f));
      else out.problems.push(unreadable(f.name, `.${ext}: GeoJSON / Shapefile(.zip) / CSV / xlsx`));
    } catch (err) {
      out.problems.push(unreadable(f.name, err instanceof Error ? err.message : String(err)));
    }
  }
  return out;
}

function readGeoJson(f: InputFile, declared: CoordinateSystem | undefined): GeoSource {
  const doc = JSON.parse(new TextDecoder().decode(f.bytes)) as { type?: string; features?: unknown; crs?: { properties?: { name?: unknown } } };
  if (doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) throw new Error('not a GeoJSON FeatureCollection');
  const named = typeof doc.crs?.properties?.name === 'string' ? crsFromText(doc.crs.properties.name) : null;
  const features = (doc.features as { properties?: Record<string, unknown> | null; geometry?: unknown }[]).map((x) => ({ properties: x?.properties ?? null, geometry: x?.geometry ?? null }));
  return { file: f.name, crs: declared ?? named, features };
}

async function readShapefileZip(f: InputFile, declared: CoordinateSystem | undefined): Promise<GeoSource> {
  const zip = await JSZip.loadAsync(f.bytes);
  const entries = Object.values(zip.files).filter((e) => !e.dir && !e.name.includes('__MACOSX'));
  const shpEntries = entries.filter((e) => e.name.toLowerCase().endsWith('.shp'));
  if (shpEntries.length !== 1) throw new Error(`${shpEntries.length} .shp layers in the zip (one expected)`);
  const base = (shpEntries[0] as JSZip.JSZipObject).name.slice(0, -4);
  const part = (ext: string) => entries.find((e) => e.name.slice(0, -4) === base && e.name.toLowerCase().endsWith(ext));
  const [shp, dbf, prj, cpg] = await Promise.all([
    (part('.shp') as JSZip.JSZipObject).async('uint8array'),
    part('.dbf')?.async('uint8array'),
    part('.prj')?.async('string'),
    part('.cpg')?.async('string'),
  ]);
  if (prj && /^\s*PROJCS/i.test(prj)) throw new Error('projected coordinates (.prj PROJCS): export longitude/latitude');
  // Coordinates are taken as stored; the .prj only declares which system they are in.
  const shapes = parseShp(shp);
  const records = dbf ? parseDbf(dbf, cpg) : [];
  return {
    file: f.name,
    crs: declared ?? (prj ? crsFromText(prj) : null),
    features: shapes.map((geometry, i) => ({ geometry, properties: records[i] ?? null })),
  };
}

function readCsv(f: InputFile): PeopleSource {
  // Excel on a Chinese Windows saves CSV as GBK: whatever is not valid UTF-8 is read as GB18030 (a superset of GBK).
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(f.bytes);
  } catch {
    text = new TextDecoder('gb18030').decode(f.bytes);
  }
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: 'greedy', transformHeader: (h) => h.trim() });
  const fatal = parsed.errors.find((e) => e.type === 'Delimiter' || e.type === 'Quotes');
  if (fatal) throw new Error(`line ${(fatal.row ?? 0) + 2}: ${fatal.message}`);
  // Row numbers as a spreadsheet shows them: the header is line 1. Blank lines are skipped, so track them.
  const lines = lineNumbersOfRecords(text);
  return { file: f.name, rows: parsed.data.map((values, i) => ({ line: lines[i] ?? i + 2, values })) };
}

/** The line each non-blank record after the header starts on (quoted newlines are rare in people files but counted). */
function lineNumbersOfRecords(text: string): number[] {
  const out: number[] = [];
  let line = 1;
  let quoted = false;
  let start = 1;
  let blank = true;
  let header = true;
  for (let i = 0; i <= text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    if (i === text.length || (ch === '\n' && !quoted)) {
      if (!blank) {
        if (header) header = false;
        else out.push(start);
      }
      line++;
      start = line;
      blank = true;
      continue;
    }
    if (ch !== '\r' && ch !== ' ' && ch !== ',' && ch !== '\ufeff') blank = false;
  }
  return out;
}

async function readXlsx(f: InputFile): Promise<PeopleSource> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(f.bytes as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  if (!sheet) throw new Error('no worksheet');
  const header: string[] = [];
  sheet.getRow(1).eachCell((cell, col) => (header[col] = String(cell.text).trim()));
  const rows: PeopleSource['rows'] = [];
  sheet.eachRow((row, line) => {
    if (line === 1) return;
    const values: Record<string, string> = {};
    row.eachCell((cell, col) => {
      const key = header[col];
      if (key) values[key] = String(cell.text).trim();
    });
    if (Object.values(values).some((v) => v !== '')) rows.push({ line, values });
  });
  return { file: f.name, rows };
}
