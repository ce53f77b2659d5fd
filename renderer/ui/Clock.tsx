import { formatDate, formatTime } from './time.ts';
import { useNow } from './useNow.ts';

/** Wall clock in Beijing time — the reference every duty log uses. */
export function Clock() {
  const now = useNow(1000);
  return (
    <span className="clock" title="Asia/Shanghai">
      {formatDate(now)} {formatTime(now)}
      <span className="tz">UTC+8</span>
    </span>
  );
}
