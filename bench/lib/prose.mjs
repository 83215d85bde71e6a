/**
 * Prose fragments for the synthetic policy corpus. `{company}` is replaced by the publishing
 * company's name, `{vendor}` by a vendor's name, `{purpose}` by a lower-cased purpose and
 * `{location}` by a location.
 */

export const COMPANIES = [
  'Acme Chat',
  'Loomhall',
  'Parcelwise',
  'Tallybook',
  'Rivermark',
  'Openboard',
  'Fieldnote',
  'Quillstack',
  'Brightlane',
  'Hivecast',
  'Ledgerly',
  'Trailhead Apps',
  'Mosaic Health',
  'Kitewire',
  'Sproutly',
  'Orchard Labs',
  'Beacon HR',
  'Tessellate',
  'Waypoint',
  'Gridfolk',
];

export const TITLES = [
  'Subprocessors',
  'Sub-processors',
  'List of Subprocessors',
  'Third Party Services',
  'Third-party service providers',
  'GDPR compliance',
  'Data processors we use',
];

export const INTRO = [
  'This page lists the third parties ({company} calls them subprocessors) that may process personal data on behalf of our customers while we provide the {company} service. It describes what data is sent to each of them, when and why.',
  'We use a small number of carefully selected service providers to run {company}. Each of them is bound by a data processing agreement that offers at least the same level of protection as our own terms.',
  '{company} engages the sub-processors listed below to perform functions such as hosting, email delivery, payments and customer support. The list is reviewed by our security team every quarter.',
  'The General Data Protection Regulation (GDPR) requires us to tell you which processors handle personal data and where they do it. This document is our answer; it is updated whenever a processor is added or removed.',
  'For the purposes of this page, "Service Data" means any data that customers or end users submit to the {company} platform, including any personal data contained in it.',
];

export const DEFINITION = [
  'A sub-processor is a third-party data processor engaged by {company}, including entities from within the {company} group, who has or potentially will have access to or process Service Data (which may contain Personal Data).',
  '{company} undertakes to use a commercially reasonable selection process by which it evaluates the security, privacy and confidentiality practices of proposed sub-processors that will or may have access to or otherwise process Service Data.',
  'Before engaging a new sub-processor we review its security certifications (such as SOC 2 Type II or ISO 27001), sign a data processing agreement and, where data leaves the EEA, rely on the Standard Contractual Clauses.',
];

export const CLOSING = [
  'You may object to a subprocessor by emailing privacy@{slug}.example with the subject line "Subprocessor Objection", along with your name, company name and objectively justifiable grounds for the objection.',
  'We will notify customers who subscribed to updates at least 30 days before a new subprocessor starts processing their data. To subscribe, contact your account manager.',
  'For more information on {company} privacy practices, please read our [Privacy Policy](https://{slug}.example/privacy). If you have questions regarding this page, please get in touch with us at dpo@{slug}.example.',
  'Due to the nature of our business, we are consistently updating the list and the controls around our subprocessors. Previous versions of this page are available on request.',
];

export const SECTION_TITLES = {
  hosting: ['Infrastructure', 'Hosting and infrastructure', 'Cloud providers'],
  email: ['Email', 'Communications'],
  analytics: ['Analytics', 'Marketing and analytics'],
  support: ['Customer support', 'Support and CRM'],
  payments: ['Payments', 'Billing'],
  monitoring: ['Monitoring', 'Operations tooling'],
  communication: ['Notifications', 'Communication'],
  security: ['Security', 'Identity and security'],
};

export const TODOS = [
  'TODO: add more info about what data is shared with each party',
  'TODO: confirm the data location with legal',
  'TODO: link the signed DPA',
  'TODO: check whether this is still in use',
  'TODO(privacy): review before the next audit',
  'FIXME: purpose is out of date',
];

export const PURPOSE_SENTENCES = [
  'We use {vendor} for {purpose}.',
  '{vendor} provides {purpose} for the {company} platform. They receive user and workspace names and session metadata.',
  'Our {purpose} runs on {vendor}. Only the data needed for this purpose is shared, and it is deleted when the contract ends.',
  '{company} relies on {vendor} for {purpose}; they process names, email addresses and IP addresses on our behalf.',
];

export const DETAIL_SENTENCES = [
  'Access is limited to the engineers on call and is logged.',
  'Data is encrypted in transit (TLS 1.2+) and at rest (AES-256).',
  'This integration is opt-in and can be disabled in the workspace settings.',
  'Records are retained for 30 days and then deleted automatically.',
  'The provider is certified under the EU-U.S. Data Privacy Framework.',
];

export const LOCATION_SENTENCES = [
  'Data is processed in {location}.',
  'Location: {location}.',
  'Data processing location: {location}',
  'Their servers are located in {location}.',
  'Hosted in {location}.',
];

export const LINK_LINES = [
  '[GDPR]({url})',
  'See their [privacy policy here]({url}).',
  '- [Data Processing Agreement]({url})',
  'GDPR: <{url}>',
  '[Privacy Policy]({url}).',
];

/** Extra policy sections (heading, then paragraphs) that real pages wrap around the list. */
export const EXTRA_SECTIONS = [
  [
    'International transfers',
    'Some of the providers listed on this page process personal data outside the European Economic Area. Where this happens, {company} relies on an adequacy decision of the European Commission or on the Standard Contractual Clauses, supplemented by additional safeguards such as encryption where appropriate.',
    'Customers on the Enterprise plan can ask for their workspace to be hosted in the EU region only. In that case data at rest stays in Frankfurt, Germany, although support staff may still access it remotely from other countries to resolve tickets.',
  ],
  [
    'Categories of personal data',
    'Depending on the service, the processors listed below may receive account information (names, email addresses, job titles), usage data (IP addresses, browser and device information, timestamps), content that users upload, and billing details such as the last four digits of a card number.',
    '{company} does not intentionally send special categories of personal data (for example health data) to any of the processors on this page. Customers are asked not to upload such data unless their contract allows it.',
  ],
  [
    'Security measures',
    'Every processor is reviewed before onboarding and at least once a year afterwards. The review covers access control, encryption, incident response, business continuity and the processor’s own use of sub-processors.',
    'Access to production systems is restricted to a small number of staff, protected by hardware security keys and logged centrally. Logs are kept for one year.',
    'We run regular penetration tests with an independent firm and publish a summary of the results in our trust center.',
  ],
  [
    'Affiliates',
    'The following members of the {company} group also act as sub-processors for the services they help provide. Which affiliates are involved depends on where the customer and their users are located.',
    '{company} Inc. (United States), {company} Europe B.V. (Netherlands) and {company} Tecnologia LTDA (Brazil) provide customer support and engineering services.',
  ],
  [
    'Cookies and tracking',
    'Our marketing website uses a small number of cookies for analytics. The product itself only uses strictly necessary cookies for authentication and security. You can change your preferences at any time in the cookie banner at the bottom of the page.',
    'Analytics data is aggregated and kept for fourteen months; it is not combined with customer content.',
  ],
  [
    'Your rights',
    'Individuals whose personal data we process have the right to access, rectify, erase, restrict or port that data and to object to processing. To exercise these rights, contact the customer whose workspace you use, or write to us and we will forward the request.',
    'You also have the right to lodge a complaint with your local supervisory authority, for example the Irish Data Protection Commission or the CNIL in France.',
  ],
];
