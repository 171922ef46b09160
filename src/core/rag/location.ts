// Words for where a passage sits ("page 4", "pages 4–5", "1:02–1:40"), used in the prompt's source
// list and in citation chips, so the model and the person see the same place.
import type { SourceLocation } from './types';

function clock(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** A short label for a location, or '' when it has nothing a person could navigate by. */
export function locationLabel(location: SourceLocation): string {
  const pageNumbers =
    location.pages?.map((p) => p.page) ?? (location.page === undefined ? [] : [location.page]);
  if (pageNumbers.length > 0) {
    const first = Math.min(...pageNumbers);
    const last = Math.max(...pageNumbers);
    return first === last ? `page ${first}` : `pages ${first}–${last}`;
  }
  if (location.timeRange) return `${clock(location.timeRange[0])}–${clock(location.timeRange[1])}`;
  return '';
}

/** The heading path without a leading repeat of the title (the chunker puts the title first). */
export function headingTrail(title: string, headingPath: readonly string[]): string[] {
  return headingPath[0] === title ? headingPath.slice(1) : [...headingPath];
}
