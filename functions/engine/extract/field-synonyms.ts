/**
 * The one place that decides what a column header or a structured key means, so tables,
 * YAML vendor lists and JSON arrays read the same way.
 */

export type Field =
  | 'name'
  | 'purpose'
  | 'location'
  | 'link'
  | 'transfer'
  | 'effective'
  | 'lastReviewed'
  | 'dataCategories';

/** A field, or `service`: a name when no stronger name column exists, else a purpose. */
export type HeaderMeaning = Field | 'service';

/** Order matters: "Data Processing Location" is a location, not a purpose. */
const SYNONYMS: [HeaderMeaning, RegExp][] = [
  ['transfer', /\b(transfer|safeguards?|mechanism|legal basis for transfer)\b/],
  ['lastReviewed', /\b(last )?review(ed)?( date| on)?\b/],
  ['effective', /\b(effective|since|start date|added|date added|engaged since|as of)\b/],
  [
    'location',
    /\b(location|locations|country|countries|region|regions|where|hosting|hosted|jurisdiction|headquarters?|hq|seat|address|place of processing)\b/,
  ],
  [
    'dataCategories',
    /\b(data categor(y|ies)|categor(y|ies) of (personal )?data|types? of (personal )?data|personal data( processed)?|data (types?|processed|elements))\b/,
  ],
  [
    'link',
    /\b(gdpr|dpa|link|links|url|website|homepage|home page|web ?site|privacy( policy| notice)?|terms|more info(rmation)?|compliance|documentation)\b/,
  ],
  [
    'name',
    /\b(name|entity|entities|vendor|vendors|sub-?processors?|sub-?contractors?|providers?|third[- ]?part(y|ies)|company|companies|processors?|partners?|suppliers?|organi[sz]ations?|recipients?|affiliates?|parties)\b/,
  ],
  [
    'purpose',
    /\b(purposes?|function|functions|description|nature|activity|activities|role|use|uses|used for|usage|scope|reason|category|type of service|services? (provided|performed|description)|processing)\b/,
  ],
  ['service', /\b(service|services|tool|tools|product|products|application|app|platform)\b/],
];

/** Normalises `gdprLink`, `data_processing_location` and "Entity Name:" alike. */
export function normaliseHeader(header: string): string {
  return header
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_\-.:*#`]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** What a table header or structured key means, or null when it means nothing to us. */
export function meaningOfHeader(header: string): HeaderMeaning | null {
  const text = normaliseHeader(header);
  if (!text) return null;
  for (const [meaning, pattern] of SYNONYMS) if (pattern.test(text)) return meaning;
  return null;
}

/**
 * Assigns a field to each column: the first column of each meaning wins, and a `service`
 * column is the name when nothing else names the vendor.
 */
export function assignColumns(headers: string[]): (Field | null)[] {
  const meanings = headers.map(meaningOfHeader);
  const hasName = meanings.includes('name');
  const taken = new Set<Field>();
  return meanings.map((meaning) => {
    if (meaning === null) return null;
    const field: Field = meaning === 'service' ? (hasName ? 'purpose' : 'name') : meaning;
    if (taken.has(field) && field !== 'link') return null;
    taken.add(field);
    return field;
  });
}
