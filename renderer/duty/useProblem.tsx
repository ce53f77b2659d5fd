// An operation's refusal shown under the form that sent it, in the console's language, with the fields it names.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../protocol/index.ts';
import { useErrorText } from '../i18n/index.ts';

export function useProblem() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [error, setError] = useState<ApiError | null>(null);
  const view = error && (
    <div className="duty-error" role="alert" data-testid="duty-error">
      {t('duty.error', { msg: errorText(error) })}
      {error.details && ` (${Object.entries(error.details).map(([k, v]) => `${k}: ${v}`).join('; ')})`}
    </div>
  );
  return { setError, view };
}
