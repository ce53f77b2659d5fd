import { describe, expect, it } from 'vitest';
import { agreementBlocks, chineseDate } from './agreementTemplate.ts';

const data = {
  committee: '青岚县人民调解委员会', number: '调〔2026〕3号', caseCode: 'ZZ20261122-7QK3M9TA-X', facts: '事实', terms: '条款', performance: '当场履行',
  mediators: ['王调解'], signedAt: Date.UTC(2026, 10, 22, 17, 30), // 2026-11-23 01:30 in Shanghai
  parties: [
    { role: 'applicant' as const, name: '张三', particulars: '住安平社区' },
    { role: 'respondent' as const, name: '李四', particulars: '' },
    { role: 'respondent' as const, name: '王五', particulars: '' },
  ],
};

describe('人民调解协议书 template', () => {
  it('puts the case into the sections of the model text: parties, facts, terms, performance, copies, signatures', () => {
    const blocks = agreementBlocks(data);
    expect(blocks[0]).toEqual({ kind: 'title', text: '人民调解协议书' });
    expect(blocks[1]).toEqual({ kind: 'meta', left: '案件编码：ZZ20261122-7QK3M9TA-X', right: '编号：调〔2026〕3号' });
    expect(blocks.filter((b) => b.kind === 'party')).toEqual([
      { kind: 'party', label: '申请人', text: '张三，住安平社区' },
      { kind: 'party', label: '被申请人', text: '李四' },
      { kind: 'party', label: '被申请人', text: '王五' },
    ]);
    expect(blocks.filter((b) => b.kind === 'heading').map((b) => (b as { text: string }).text)).toEqual(['纠纷主要事实、争议事项', '经调解，自愿达成如下协议', '履行协议的方式、地点、期限']);
    // three parties and the committee: four copies
    expect(blocks.some((b) => b.kind === 'paragraph' && b.text.startsWith('本协议一式四份'))).toBe(true);
    expect(blocks.at(-1)).toMatchObject({ kind: 'signatures', parties: [{ name: '张三' }, { name: '李四' }, { name: '王五' }], mediators: ['王调解'], date: '2026年11月23日' });
  });

  it('dates the signatures by the Shanghai calendar', () => {
    expect(chineseDate(Date.UTC(2026, 0, 4, 16, 0))).toBe('2026年1月5日');
  });
});
