import { webUrl } from './html.js';
import type { PageBranding } from './types.js';

/** The logo's origin when the branding names an https logo, else null. */
export function logoOrigin(branding: PageBranding | null | undefined): string | null {
  const url = webUrl(branding?.logoUrl);
  return url && url.protocol === 'https:' ? url.origin : null;
}

/**
 * The page's Content-Security-Policy: nothing may load but its own style sheet (and the
 * branding's logo, from that one origin); no script, no frame, no form, no `<base>`.
 *
 * The page carries it in `<meta http-equiv>` (`forHeader: false`). S3 object metadata cannot set
 * a Content-Security-Policy header, so the CDN in front of the bucket (CloudFront: a response
 * headers policy) sends the header form, which adds `frame-ancestors 'none'` (a meta policy
 * cannot carry it); with a logo, give the CDN the same `img-src` origin.
 */
export function pageCsp(branding?: PageBranding | null, forHeader = false): string {
  const logo = logoOrigin(branding);
  return [
    "default-src 'none'",
    "style-src 'self'",
    ...(logo ? [`img-src ${logo}`] : []),
    "base-uri 'none'",
    "form-action 'none'",
    ...(forHeader ? ["frame-ancestors 'none'"] : []),
  ].join('; ');
}
