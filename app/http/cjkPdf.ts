// The A4 set-up every PDF the centre prints shares (专报, 人民调解协议书, 考核, 值班记录): Debian's fonts-noto-cjk faces
// registered as 'r' and 'b', and the document's bytes collected once it ends.
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';

/** Where Debian's fonts-noto-cjk puts the faces, and the PostScript name of the Simplified Chinese face in each .ttc. */
const FONT_CANDIDATES = [
  { regular: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', bold: '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc', family: 'NotoSansCJKsc' },
  { regular: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', bold: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc', family: 'NotoSerifCJKsc' },
];

export function findCjkFont(): { regular: string; bold: string; family: string } | null {
  for (const f of FONT_CANDIDATES) if (existsSync(f.regular)) return { ...f, bold: existsSync(f.bold) ? f.bold : f.regular };
  return null;
}

/**
 * An A4 document with the CJK faces registered as 'r' (regular) and 'b' (bold), and the promise of its bytes once
 * `doc.end()` is called.
 */
export function openCjkPdf(opts: { margin: number; info: PDFKit.DocumentInfo; bufferPages?: boolean }): { doc: PDFKit.PDFDocument; finished: Promise<Buffer> } {
  const font = findCjkFont();
  if (!font) throw new Error('no CJK font: install fonts-noto-cjk');
  const m = opts.margin;
  const doc = new PDFDocument({ size: 'A4', margins: { top: m, bottom: m, left: m, right: m }, bufferPages: opts.bufferPages ?? false, info: opts.info });
  doc.registerFont('r', font.regular, `${font.family}-Regular`);
  doc.registerFont('b', font.bold, `${font.family}-Bold`);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, finished };
}
