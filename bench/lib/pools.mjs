/**
 * Word pools for the synthetic policy corpus: vendors, purposes, locations and prose.
 * Real service names are mixed with invented ones; every link points at an `.example` host.
 */
import { Rng } from './prng.mjs';

/** Purposes grouped by the kind of service a vendor offers. */
export const PURPOSES = {
  hosting: [
    'Cloud infrastructure and hosting',
    'Hosting of the production database',
    'Content delivery network and DDoS protection',
    'Object storage for uploaded files and backups',
    'Managed Kubernetes clusters that run the application',
  ],
  email: [
    'Transactional email delivery',
    'email processing',
    'Newsletter and marketing email',
    'Inbound email parsing for reply-by-email',
  ],
  analytics: [
    'Product analytics',
    'Website analytics and usage statistics',
    'Account enrichment',
    'A/B testing and feature flags',
  ],
  support: [
    'Customer support ticketing',
    'CRM, customer support and onboarding',
    'Live chat with website visitors',
    'Knowledge base and help center',
  ],
  payments: ['Payment processing', 'Billing platform and invoicing', 'Tax calculation'],
  monitoring: [
    'Error tracking and crash reports',
    'Application performance monitoring',
    'Log management and retention',
    'Uptime monitoring and status page',
  ],
  communication: [
    'Push notification service for iOS devices',
    'Push notifications for Android devices',
    'SMS delivery for two-factor authentication',
    'Video conferencing for customer calls',
    'Internal team communication',
  ],
  security: [
    'Single sign-on and identity management',
    'Bot detection and spam prevention',
    'Security scanning of uploaded files',
  ],
};

/**
 * Well-known services, as they tend to appear on real subprocessor pages.
 * @type {[string, keyof typeof PURPOSES][]}
 */
const REAL_VENDORS = [
  ['Amazon Web Services, Inc.', 'hosting'],
  ['Google Cloud Platform', 'hosting'],
  ['Microsoft Azure', 'hosting'],
  ['DigitalOcean, LLC', 'hosting'],
  ['Cloudflare, Inc.', 'hosting'],
  ['Heroku', 'hosting'],
  ['OVH SAS', 'hosting'],
  ['Hetzner Online GmbH', 'hosting'],
  ['Fastly', 'hosting'],
  ['MongoDB Cloud', 'hosting'],
  ['SendGrid', 'email'],
  ['Mailgun Technologies, Inc.', 'email'],
  ['Postmark', 'email'],
  ['Mailchimp', 'email'],
  ['Amazon SES', 'email'],
  ['Google Analytics', 'analytics'],
  ['Mixpanel', 'analytics'],
  ['Segment', 'analytics'],
  ['Amplitude', 'analytics'],
  ['Clearbit', 'analytics'],
  ['Intercom', 'support'],
  ['Zendesk, Inc.', 'support'],
  ['HubSpot', 'support'],
  ['Freshdesk', 'support'],
  ['ZOHO', 'support'],
  ['Stripe, Inc.', 'payments'],
  ['PayPal', 'payments'],
  ['Chargebee', 'payments'],
  ['Sentry', 'monitoring'],
  ['Datadog, Inc.', 'monitoring'],
  ['New Relic', 'monitoring'],
  ['Papertrail', 'monitoring'],
  ['Firebase', 'communication'],
  ['Apple Push Notification Service', 'communication'],
  ['Twilio Inc.', 'communication'],
  ['Zoom Video Communications', 'communication'],
  ['Slack Technologies', 'communication'],
  ['Okta, Inc.', 'security'],
  ['Auth0', 'security'],
  ['hCaptcha', 'security'],
];

const NAME_STARTS = [
  'Blue',
  'Nimbus',
  'Atlas',
  'North',
  'Bright',
  'Cedar',
  'Vector',
  'Harbor',
  'Quartz',
  'Signal',
  'Orbit',
  'Pine',
  'Lumen',
  'Kestrel',
  'Meridian',
  'Copper',
  'Summit',
  'Tidal',
  'Granite',
  'Echo',
];
const NAME_ENDS = {
  hosting: ['Cloud', 'Host', 'Stack', 'Compute', 'Edge'],
  email: ['Mail', 'Post', 'Inbox', 'Relay'],
  analytics: ['Metrics', 'Insights', 'Analytics', 'Lens'],
  support: ['Desk', 'Care', 'Helpdesk', 'CRM'],
  payments: ['Pay', 'Billing', 'Ledger'],
  monitoring: ['Logs', 'Watch', 'Trace', 'Ops'],
  communication: ['Push', 'Talk', 'SMS', 'Meet'],
  security: ['Guard', 'ID', 'Shield'],
};
const LEGAL_SUFFIXES = ['Inc.', 'Ltd', 'GmbH', 'B.V.', 'SAS', 'LLC', 'AB', 'Oy', 'S.L.', ''];

/**
 * @typedef {{ name: string, slug: string, kind: keyof typeof PURPOSES }} Vendor
 */

/**
 * Builds the vendor pool: the real services plus a few hundred invented ones.
 * @param {string} seed
 * @returns {Vendor[]}
 */
export function buildVendorPool(seed) {
  const rng = new Rng(`${seed}:vendors`);
  /** @type {Vendor[]} */
  const vendors = REAL_VENDORS.map(([name, kind]) => ({ name, slug: slugify(name), kind }));
  const seen = new Set(vendors.map((v) => v.slug));
  const kinds = /** @type {(keyof typeof PURPOSES)[]} */ (Object.keys(PURPOSES));
  while (vendors.length < 400) {
    const kind = rng.pick(kinds);
    const base = `${rng.pick(NAME_STARTS)}${rng.pick(NAME_ENDS[kind])}`;
    const slug = slugify(base);
    if (seen.has(slug)) continue;
    seen.add(slug);
    const suffix = rng.pick(LEGAL_SUFFIXES);
    const name = suffix ? `${base}${suffix === 'Inc.' ? ',' : ''} ${suffix}` : base;
    vendors.push({ name, slug, kind });
  }
  return vendors;
}

/**
 * @param {string} name
 * @returns {string}
 */
export function slugify(name) {
  return name
    .toLowerCase()
    .replace(/,? (inc\.|ltd|gmbh|b\.v\.|sas|llc|ab|oy|s\.l\.)$/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
