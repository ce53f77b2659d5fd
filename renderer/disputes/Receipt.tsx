// The printed receipt (回执): ticket number, case code, the 一案一码 QR code. White paper, printable on its own.
import { useTranslation } from 'react-i18next';
import { DISPUTE_CHANNEL_LABELS, DISPUTE_TYPE_LABELS, type DisputeReceipt } from '../../protocol/index.ts';
import { useLabel } from '../i18n/index.ts';
import { formatDateTime } from '../ui/time.ts';
import { useEscape } from '../ui/useEscape.ts';

export function Receipt({ receipt, onClose }: { receipt: DisputeReceipt; onClose: () => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  useEscape(onClose);
  return (
    <div className="receipt-overlay" role="dialog" aria-modal="true" aria-labelledby="dispute-receipt-title">
      <div className="receipt dispute-receipt" data-testid="dispute-receipt">
        <h3 id="dispute-receipt-title">{t('disputes.receipt.title')}</h3>
        {receipt.queueTicket !== null && (
          <div className="receipt-ticket">
            {t('disputes.receipt.ticket')} <b data-testid="receipt-ticket">{String(receipt.queueTicket).padStart(3, '0')}</b>
          </div>
        )}
        <dl>
          <dt>{t('disputes.receipt.code')}</dt>
          <dd className="mono" data-testid="receipt-code">{receipt.code}</dd>
          <dt>{t('disputes.receipt.registered')}</dt>
          <dd>{formatDateTime(receipt.registeredAt)}</dd>
          <dt>{t('disputes.receipt.channel')}</dt>
          <dd>{label(DISPUTE_CHANNEL_LABELS[receipt.channel])}</dd>
          <dt>{t('disputes.receipt.type')}</dt>
          <dd>{label(DISPUTE_TYPE_LABELS[receipt.type])}</dd>
          <dt>{t('disputes.receipt.centre')}</dt>
          <dd>{receipt.centreName}</dd>
        </dl>
        <img className="receipt-qr" src={receipt.qr} alt={receipt.publicUrl} width={150} height={150} data-testid="receipt-qr" />
        <p className="receipt-note">{t('disputes.receipt.scan')}</p>
        <p className="receipt-note">{t('disputes.receipt.keep')}</p>
        <div className="actions no-print" style={{ justifyContent: 'center' }}>
          <button type="button" className="btn btn-primary" onClick={() => window.print()}>
            {t('disputes.receipt.print')}
          </button>
          <button type="button" className="btn" data-testid="receipt-close" onClick={onClose}>
            {t('disputes.receipt.close')}
          </button>
        </div>
      </div>
    </div>
  );
}
