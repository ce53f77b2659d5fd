import { describe, expect, it } from 'vitest';
import { parseCameraCsv, splitCsv } from './cameraCsv.ts';

describe('camera CSV', () => {
  it('splits quoted fields, doubled quotes, CRLF and a BOM, keeping line numbers', () => {
    const text = '\ufeffa,b\r\n"x, y","say ""hi"""\r\n\r\n"multi\nline",z\n';
    expect(splitCsv(text)).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, y', 'say "hi"'] },
      { line: 4, cells: ['multi\nline', 'z'] },
    ]);
  });

  it('maps Chinese or English headers in any order', () => {
    const r = parseCameraCsv('视频源地址,经度,纬度,乡镇,名称\nrtsp://h/1,102.1,24.9,城关镇,东门');
    expect(r).toEqual({ ok: true, rows: [{ line: 2, fields: { sourceUrl: 'rtsp://h/1', lng: '102.1', lat: '24.9', township: '城关镇', name: '东门' } }] });
    const en = parseCameraCsv('name,gbCode,township,lat,lng,sourceUrl\n东门,,城关镇,24.9,102.1,rtsp://h/1');
    expect(en.ok && en.rows[0]!.fields.gbCode).toBe('');
  });

  it('names missing columns and refuses empty files', () => {
    expect(parseCameraCsv('name,lat\nx,1')).toEqual({ ok: false, error: expect.stringContaining('township, lng, sourceUrl') });
    expect(parseCameraCsv('')).toEqual({ ok: false, error: expect.stringContaining('empty') });
  });
});
