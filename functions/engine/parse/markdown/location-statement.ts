import { findPlaces, type PlaceMatch } from '../../extract/countries.js';
import type { GroupLocation } from './context.js';

// "hosted in Germany", "data centres in the EU", "Location: US"; a bare mention of a country is not one.
const STATEMENTS = [
  /\b(?:located|hosted|based|stored|processed|headquartered|housed|resides?|servers?|data cent(?:er|re)s?|infrastructure)\s+(?:(?:is|are)\s+)?(?:in|within|inside)\s+([^.;!?\n]+)/i,
  /\b(?:location|locations|country|countries|region|hosting location|data location)\s*[:–—-]\s*([^.;!?\n]+)/i,
];

// Between two places of one statement: "Ireland and Germany", "US, EU", "the EU or the UK".
const JOINER = /^[\s,;/&()]*(?:(?:and|or|the|as well as)[\s,;/&()]+)*$/i;

/**
 * The places at the start of a statement, up to the first word that is not a place or a joiner:
 * "the United States and certified under the EU-US Data Privacy Framework" is the United States.
 */
function leadingPlaces(phrase: string): PlaceMatch[] {
  const kept: PlaceMatch[] = [];
  let from = 0;
  for (const place of findPlaces(phrase)) {
    if (!JOINER.test(phrase.slice(from, place.index))) break;
    kept.push(place);
    from = place.index + place.length;
  }
  return kept;
}

/** The location a sentence states, trimmed to the places it names, or null. */
export function locationStatement(text: string): GroupLocation | null {
  for (const pattern of STATEMENTS) {
    const match = pattern.exec(text);
    const phrase = match?.[1];
    if (!phrase) continue;
    const places = leadingPlaces(phrase);
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
