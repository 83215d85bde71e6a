import { escapeHtml } from './html.js';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** `1 March 2026` (UTC), the same on every machine; an unreadable date is shown as given. */
export function formatDay(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** `1 March 2026, 14:03 UTC`. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${formatDay(iso)}, ${two(date.getUTCHours())}:${two(date.getUTCMinutes())} UTC`;
}

/** A `<time>` element: the machine-readable instant and the readable day (or time). */
export function timeTag(iso: string, withTime = false): string {
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(withTime ? formatTime(iso) : formatDay(iso))}</time>`;
}
