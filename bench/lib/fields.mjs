/**
 * Field values for vendor entries: where data is processed, where a vendor's GDPR or DPA page
 * lives, and which categories of personal data it receives.
 */

/** Locations in the many spellings real pages use (names, ISO codes, regions, city lists). */
export const LOCATIONS = [
  'United States',
  'USA',
  'US',
  'Ireland',
  'Germany',
  'Germany (Frankfurt)',
  'Netherlands',
  'Belgium; Netherlands',
  'France',
  'United Kingdom',
  'UK',
  'EU',
  'European Union',
  'EU/EEA',
  'Canada',
  'Brazil',
  'Australia',
  'Japan',
  'Singapore',
  'India',
  'Sweden',
  'Finland',
  'Poland',
  'Spain',
  'Switzerland',
  'United States and Ireland',
  'US, EU',
  'Worldwide',
  'Global',
  'DE',
  'IE',
  'NL',
  'FR',
  'GB',
  'United States (us-east-1)',
  'Europe (eu-west-1)',
  'Israel',
];

/** Link paths a vendor's GDPR, DPA or privacy page lives under. */
export const LINK_PATHS = ['/gdpr', '/dpa', '/legal/dpa', '/privacy', '/legal/privacy', '/trust'];

/** Categories of personal data a vendor receives, as listed in a table cell or a sentence. */
export const DATA_CATEGORIES = [
  'Names, email addresses',
  'Names, email addresses, IP addresses',
  'Usage data, device information',
  'Billing details, company name, VAT number',
  'Message content, attachments',
  'Phone numbers',
  'Support tickets and chat transcripts',
  'Account identifiers, event metadata',
  'Server logs (IP addresses, user agents)',
];
