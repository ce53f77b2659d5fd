// 战时指挥 (county): the switch and the order form on the left; the readiness board on top, then orders, the daily
// cycle, the risk list and the summary.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Board } from './Board.tsx';
import { DailyPanel } from './DailyPanel.tsx';
import { ModePanel } from './ModePanel.tsx';
import { OrderForm } from './OrderForm.tsx';
import { OrderList } from './OrderList.tsx';
import { RiskList } from './RiskList.tsx';
import { SummaryPanel } from './SummaryPanel.tsx';
import './wartime.css';

const SECTIONS = ['orders', 'daily', 'risks', 'summary'] as const;
type Section = (typeof SECTIONS)[number];

export function CommandView() {
  const { t } = useTranslation();
  const [section, setSection] = useState<Section>('orders');
  const titles: Record<Section, string> = {
    orders: t('wartime.orders.title'),
    daily: t('wartime.daily.title'),
    risks: t('wartime.risks.title'),
    summary: t('wartime.summary.title'),
  };
  return (
    <div className="body wt-command" data-testid="command-view">
      <aside className="sidebar">
        <div className="panel-head">
          <span>{t('wartime.mode.scope')} · {t('wartime.mode.command')}</span>
        </div>
        <ModePanel />
        <div className="panel-head">
          <span>{t('wartime.order.title')}</span>
        </div>
        <OrderForm />
      </aside>
      <main className="main wt-main">
        <Board />
        <nav className="wt-subtabs" role="tablist">
          {SECTIONS.map((s) => (
            <button key={s} type="button" role="tab" aria-selected={section === s} className="tab" data-testid={`wt-section-${s}`} onClick={() => setSection(s)}>
              {titles[s]}
            </button>
          ))}
        </nav>
        <div className="wt-section">
          {section === 'orders' && <OrderList />}
          {section === 'daily' && <DailyPanel />}
          {section === 'risks' && <RiskList />}
          {section === 'summary' && <SummaryPanel />}
        </div>
      </main>
    </div>
  );
}
