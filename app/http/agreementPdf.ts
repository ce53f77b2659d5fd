// The 人民调解协议书 on A4, laid out from the template's blocks (app/domain/agreementTemplate.ts) in Noto CJK.
import { agreementBlocks, type AgreementData } from '../domain/agreementTemplate.ts';
import { openCjkPdf } from './cjkPdf.ts';

const MARGIN = 64;
const INK = '#111111';

export async function renderAgreementPdf(a: AgreementData): Promise<Buffer> {
  const { doc, finished } = openCjkPdf({ margin: MARGIN, info: { Title: `人民调解协议书 ${a.number}`, Author: a.committee, Subject: a.caseCode } });

  const left = MARGIN;
  const width = doc.page.width - MARGIN * 2;
  const ensure = (h: number) => {
    if (doc.y + h > doc.page.height - MARGIN) doc.addPage();
  };

  for (const b of agreementBlocks(a)) {
    switch (b.kind) {
      case 'title':
        doc.font('b').fontSize(22).fillColor(INK).text(b.text, left, MARGIN, { width, align: 'center', characterSpacing: 6 });
        doc.moveDown(0.8);
        break;
      case 'meta': {
        const y = doc.y;
        doc.font('r').fontSize(10).text(b.left, left, y, { width: width / 2 });
        doc.text(b.right, left + width / 2, y, { width: width / 2, align: 'right' });
        doc.moveDown(1);
        break;
      }
      case 'party':
        ensure(24);
        doc.font('b').fontSize(12).text(`${b.label}：`, left, doc.y, { continued: true }).font('r').text(b.text, { width });
        doc.moveDown(0.3);
        break;
      case 'heading':
        ensure(40);
        doc.moveDown(0.5);
        doc.font('b').fontSize(12).text(`${b.text}：`, left, doc.y, { width });
        doc.moveDown(0.2);
        break;
      case 'paragraph':
        doc.font('r').fontSize(12).text(b.text, left, doc.y, { width, lineGap: 4, indent: 24 });
        doc.moveDown(0.3);
        break;
      case 'signatures': {
        ensure(60 + 28 * (b.parties.length + b.mediators.length));
        doc.moveDown(1.2);
        doc.font('b').fontSize(12).text(`${b.partiesLabel}：`, left, doc.y, { width });
        doc.moveDown(0.4);
        for (const p of b.parties) {
          doc.font('r').fontSize(12).text(`${p.label}  ${p.name}  ____________________`, left + 24, doc.y, { width: width - 24 });
          doc.moveDown(0.6);
        }
        doc.font('b').text(`${b.mediatorsLabel}：`, left, doc.y, { width });
        doc.moveDown(0.4);
        for (const m of b.mediators) {
          doc.font('r').text(`${m}  ____________________`, left + 24, doc.y, { width: width - 24 });
          doc.moveDown(0.6);
        }
        doc.moveDown(0.8);
        doc.font('r').text(`${b.committee}${b.seal}`, left, doc.y, { width, align: 'right' });
        doc.moveDown(0.3);
        doc.text(b.date, left, doc.y, { width, align: 'right' });
        break;
      }
    }
  }
  doc.end();
  return finished;
}
