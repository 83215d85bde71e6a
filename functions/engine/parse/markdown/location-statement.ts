import { findPlaces } from '../../extract/countries.js';
import type { GroupLocation } from './context.js';

// "hosted in Germany", "data centres in the EU", "Location: US"; a bare mention of a country is not one.
const STATEMENTS = [
  /\b(?:located|hosted|based|stored|processed|headquartered|housed|resides?|servers?|data cent(?:er|re)s?|infrastructure)\s+(?:(?:is|are)\s+)?(?:in|within|inside)\s+([^.;!?\n]+)/i,
  /\b(?:location|locations|country|countries|region|hosting location|data location)\s*[:–—-]\s*([^.;!?\n]+)/i,
];

/** The location a sentence states, trimmed to the places it names, or null. */
export function locationStatement(text: string): GroupLocation | null {
  for (const pattern of STATEMENTS) {
    const match = pattern.exec(text);
    const phrase = match?.[1];
    if (!phrase) continue;
    const places = findPlaces(phrase);
    const last = places[places.length - 1];
    if (!last) continue;
    const trimmed = phrase
      .slice(0, last.index + last.length)
      .replace(/^the\s+/i, '')
      .trim();
    return {
      text: trimmed,
      countries: [...new Set(places.map((p) => p.code))],
      index: match.index,
    };
  }
  return null;
}
