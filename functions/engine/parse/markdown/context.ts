import { isOnlyPlaces, recogniseCountries } from '../../extract/countries.js';
import { locationStatement } from './location-statement.js';

/** Words that say "what follows is a list of vendors". */
const VENDOR_WORDS =
  /\b(sub-?processors?|sub-?contractors?|third[- ]part(?:y|ies)|vendors?|(?:service |cloud |hosting )?providers|service providers?|(?:data )?processors|suppliers|partners|external services|services we use|tools we use|integrations|recipients|(?:the )?following (?:services|tools|companies|providers)|third[- ]party (?:services|tools|stuff))\b/i;

/** True when a heading, lead-in line or file name announces vendors. */
export function mentionsVendors(text: string): boolean {
  return VENDOR_WORDS.test(text);
}

/** A field value that a group (heading or lead-in line) gives the entries under it. */
export interface GroupLocation {
  text: string;
  countries: string[];
  /** Where the statement starts in the text it was found in. */
  index?: number;
}

/** What an entry's surroundings tell: whether vendors are expected, and fields for the group. */
export interface GroupContext {
  /** `near`: the lead-in line or nearest heading announces vendors; `far`: an enclosing one does. */
  vendors: 'near' | 'far' | null;
  location: GroupLocation | null;
  purpose: string | null;
  /** The group's own source lines (nearest heading, lead-in line), for rules that read them. */
  lines?: { line: number; text: string }[];
}

/** A heading that is only a place ("## United States") gives that location to its entries. */
export function headingLocation(text: string): GroupLocation | null {
  return isOnlyPlaces(text) ? { text, countries: recogniseCountries(text) } : null;
}

/** A lead-in line such as "The following are located in the US:" gives that location. */
export function leadInLocation(text: string): GroupLocation | null {
  return locationStatement(text);
}

const GENERIC_HEADING =
  /\b(overview|introduction|summary|contact|changes?|updates?|definitions?|scope|about|background|faq|questions?|notices?|notifications?|list|appendix|history|changelog|terms|polic(?:y|ies)|contents|objections?|how|what|why|when|who|where|we|you|our|your|us|this|these|others?|general|more|information|misc(?:ellaneous)?|additional|various|welcome|getting started)\b/i;

/** A heading that can name a group's purpose ("### Email delivery"), not a list or a topic. */
export function headingPurpose(text: string): string | null {
  if (mentionsVendors(text) || isOnlyPlaces(text) || GENERIC_HEADING.test(text)) return null;
  const words = text.split(/\s+/).filter(Boolean);
  return words.length > 0 && words.length <= 6 ? text : null;
}

/** True when a heading reads as a section topic rather than a name. */
export function isGenericHeading(text: string): boolean {
  return GENERIC_HEADING.test(text);
}
