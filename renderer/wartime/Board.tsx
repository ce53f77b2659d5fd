// 态势看板: a tile per township in scope — presence, the latest order's state with times, today's report, open risks;
// green/amber/red always with text; live; sortable worst first.
import { memo, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DELIVERY_STATE_LABELS } from '../../protocol/index.ts';
import { useLabel } from '../i18n/index.ts';
import { useStore } from '../store.ts';
import { formatTime, formatTimeSmart } from '../ui/time.ts';
import { useNow } from '../ui/useNow.ts';
import { boardCounts, buildBoard, sortBoard, type BoardSort, type Tile } from './board.ts';
import { useDuration } from './hooks.ts';
import { reportDueAt } from './model.ts';
import { placeCall } from '../meet/MeetLayer.tsx';
import { OpenMeetingButton } from '../meet/OpenMeeting.tsx';

export function Board() {
  const { t } = useTranslation();
  const cache = useStore((s) => s.wartime);
  const centres = useStore((s) => s.centres);
  const now = useNow(5_000);
  const [sort, setSort] = useState<BoardSort>('worst');
  const today = cache.today ?? '';
  const wartime = cache.state?.mode === 'wartime';
  // the daily report is due only in wartime
  const due = today && wartime ? reportDueAt(today, cache.state?.dailyReportDue ?? '17:00') : Number.POSITIVE_INFINITY;
  const tiles = useMemo(() => buildBoard({ cache, centres: centres ?? [], now, reportDueAt: due, today }), [cache, centres, now, due, today]);
  const codeOf = useMemo(() => {
    const m = new Map((centres ?? []).map((c) => [c.id, c.code]));
    return (id: number) => m.get(id) ?? '';
  }, [centres]);
  const sorted = useMemo(() => sortBoard(tiles, sort, codeOf), [tiles, sort, codeOf]);
  const c = boardCounts(tiles);
  return (
    <section className="wt-board-wrap" aria-labelledby="wt-board-h">
      <div className="panel-head">
        <span id="wt-board-h">{t('wartime.board.title')}</span>
        <span className="stats" data-testid="board-counts">
          {t('wartime.board.counts', { g: c.green, a: c.amber, r: c.red, o: c.online, t: tiles.length })}
        </span>
        {c.overdue > 0 && (
          <span className="bad-text" data-testid="board-overdue">
            {t('wartime.board.overdue', { n: c.overdue })}
          </span>
        )}
        {!wartime && <span className="muted" style={{ fontWeight: 400 }}>{t('wartime.board.peacetime')}</span>}
        <OpenMeetingButton />
        <span className="wt-seg wt-sort" role="group" style={{ marginLeft: 'auto' }}>
          {(['worst', 'name'] as const).map((s) => (
            <button key={s} type="button" className="btn btn-sm" aria-pressed={sort === s} data-testid={`board-sort-${s}`} onClick={() => setSort(s)}>
              {s === 'worst' ? t('wartime.board.sortWorst') : t('wartime.board.sortName')}
            </button>
          ))}
        </span>
      </div>
      <div className="wt-board" data-testid="board">
        {sorted.map((tile) => (
          <TileView key={tile.centreId} tile={tile} now={now} />
        ))}
      </div>
    </section>
  );
}

const TileView = memo(function TileView({ tile, now }: { tile: Tile; now: number }) {
  const { t } = useTranslation();
  const label = useLabel();
  const dur = useDuration();
  const o = tile.order;
  const r = o?.recipient;
  return (
    <article
      className={`wt-tile tone-${tile.tone}`}
      data-testid="board-tile"
      data-centre-id={tile.centreId}
      data-tone={tile.tone}
      data-online={tile.online}
      data-order-state={r?.state ?? 'none'}
      aria-label={`${tile.name} ${t(`wartime.board.tone.${tile.tone}`)}`}
    >
      <header className="wt-tile-head">
        <span className="wt-tile-name">{tile.name}</span>
        <span className="wt-tone" data-testid="tile-tone">
          {t(`wartime.board.tone.${tile.tone}`)}
        </span>
        <button type="button" className="btn btn-sm wt-call" title={t('meet.callTitle')} data-testid="tile-call" onClick={() => void placeCall(tile.centreId)}>
          {t('meet.call')}
        </button>
      </header>
      <div className={`wt-presence ${tile.online ? 'on' : 'off'}`} data-testid="tile-presence">
        <span className="dot" aria-hidden />
        {tile.online ? t('wartime.board.online') : tile.lastSeen === null ? t('wartime.board.never') : t('wartime.board.offline')}
        <span className="muted">
          {tile.online
            ? tile.consoles > 1
              ? ` · ${t('wartime.board.consoles', { n: tile.consoles })}`
              : ''
            : tile.lastSeen !== null
              ? ` · ${t('wartime.board.lastSeen', { time: formatTimeSmart(tile.lastSeen, now) })}`
              : ''}
        </span>
      </div>
      <div className="wt-tile-row" data-testid="tile-order">
        <b>{t('wartime.board.latestOrder')}</b>
        {o && r ? (
          <span className={`wt-ostate st-${r.state}${r.rung >= 2 && r.signedAt === null ? ' hot' : ''}`} data-state={r.state} title={o.title}>
            {label(DELIVERY_STATE_LABELS[r.state])}
            {r.signedAt !== null ? ` ${formatTime(r.signedAt)} · ${t('wartime.orders.took', { d: dur(r.signedAt - o.issuedAt) })}` : r.deliveredAt !== null ? ` ${formatTime(r.deliveredAt)}` : ''}
            {r.answeredAt !== null && ` · ${formatTime(r.answeredAt)}`}
          </span>
        ) : (
          <span className="muted">{t('wartime.board.noOrder')}</span>
        )}
      </div>
      {tile.villages && (
        <div className="wt-tile-row">
          <b />
          <span className="muted">{t('wartime.board.villages', { s: tile.villages.signed, t: tile.villages.total })}</span>
        </div>
      )}
      <div className="wt-tile-row" data-testid="tile-report">
        <b>{t('wartime.board.report')}</b>
        {tile.report ? (
          <span className="ok-text">{t('wartime.board.reportIn', { time: formatTime(tile.report.submittedAt).slice(0, 5) })}</span>
        ) : Number.isFinite(tile.reportDueAt) && now > tile.reportDueAt ? (
          <span className="bad-text">{t('wartime.board.reportOverdue')}</span>
        ) : Number.isFinite(tile.reportDueAt) ? (
          <span className="muted">{t('wartime.board.reportMissing', { time: formatTime(tile.reportDueAt).slice(0, 5) })}</span>
        ) : (
          <span className="muted">—</span>
        )}
      </div>
      <div className="wt-tile-row">
        <b />
        <span className={tile.openRisks ? 'warn-text' : 'muted'}>{t('wartime.board.risks', { n: tile.openRisks })}</span>
      </div>
      {tile.reasons.length > 0 && (
        <ul className="wt-reasons" data-testid="tile-reasons">
          {tile.reasons.map((x) => (
            <li key={x}>{t(`wartime.board.reasons.${x}`)}</li>
          ))}
        </ul>
      )}
    </article>
  );
});
