import { Aws, Duration } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from '../acknowledge.js';
import { SNAPSHOTS_PREFIX } from './snapshot-storage.js';
import { pageCsp } from '../../functions/snapshot/page/csp.js';

/**
 * The public page's Content-Security-Policy, as a header: the page's own policy
 * (functions/snapshot/page/csp.ts, one definition), plus `frame-ancestors`, which a meta policy
 * cannot carry.
 */
export function pageCspHeader(logoOrigin?: string): string {
  return pageCsp(logoOrigin ? { logoUrl: `${logoOrigin}/` } : null, true);
}

/**
 * Viewer-request function: only `/snapshots/…` is served (the bucket also holds stored results,
 * which are not public); a folder URL serves its `index.html` (the public page), and a
 * repository's folder named without its slash (`/snapshots/<owner>/<repo>`, where a repository
 * name may contain dots) is redirected to it, so the page's relative links resolve.
 */
const PATHS_FUNCTION = `
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.indexOf('/${SNAPSHOTS_PREFIX}') !== 0) {
    return { statusCode: 404, statusDescription: 'Not Found' };
  }
  var parts = uri.split('/');
  if (parts.length === 4 && parts[3] !== '') {
    return {
      statusCode: 301,
      statusDescription: 'Moved Permanently',
      headers: { location: { value: uri + '/' } },
    };
  }
  if (uri.charAt(uri.length - 1) === '/') request.uri = uri + 'index.html';
  return request;
}
`;

export interface SnapshotSiteProps {
  bucket: s3.Bucket;
  logBucket: s3.IBucket;
  domainName?: string;
  certificateArn?: string;
  logoOrigin?: string;
}

/**
 * How customers reach the snapshots and the public page: CloudFront in front of the private
 * bucket. Origin access control signs CloudFront's reads, and the bucket policy lets it read
 * `snapshots/*` only; responses carry a strict CSP, HSTS and the other security headers (S3
 * object metadata cannot set them), and CORS for GET, so a customer's page may fetch the JSON.
 */
export class SnapshotSite extends Construct {
  readonly distribution: cloudfront.Distribution;
  /** `https://<host>`: PUBLIC_BASE_URL, under which the publish function writes `snapshots/…`. */
  readonly baseUrl: string;

  constructor(scope: Construct, id: string, props: SnapshotSiteProps) {
    super(scope, id);
    const headers = new cloudfront.ResponseHeadersPolicy(this, 'Headers', {
      comment: 'policy-checker snapshots: strict CSP and security headers; CORS for GET',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: pageCspHeader(props.logoOrigin),
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER,
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
      },
      corsBehavior: {
        accessControlAllowCredentials: false,
        accessControlAllowHeaders: ['*'],
        accessControlAllowMethods: ['GET', 'HEAD'],
        accessControlAllowOrigins: ['*'],
        accessControlMaxAge: Duration.days(1),
        originOverride: true,
      },
    });
    const paths = new cloudfront.Function(this, 'Paths', {
      comment: 'policy-checker: serve /snapshots/ only; folder URLs serve index.html',
      code: cloudfront.FunctionCode.fromInline(PATHS_FUNCTION),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
    });
    // Given as a reference, the bucket is not granted `s3:GetObject` on every key by the origin;
    // the statement below grants `snapshots/*` only.
    const originBucket = s3.Bucket.fromBucketAttributes(this, 'OriginBucket', {
      bucketArn: props.bucket.bucketArn,
      bucketRegionalDomainName: props.bucket.bucketRegionalDomainName,
    });
    const custom =
      props.domainName && props.certificateArn
        ? { domainName: props.domainName, certificateArn: props.certificateArn }
        : null;
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'policy-checker: signed snapshots and public pages',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(originBucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        functionAssociations: [
          { function: paths, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
        ],
      },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: props.logBucket,
      logFilePrefix: 'cloudfront/',
      ...(custom
        ? {
            domainNames: [custom.domainName],
            certificate: acm.Certificate.fromCertificateArn(
              this,
              'Certificate',
              custom.certificateArn,
            ),
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });
    props.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudFrontReadsSnapshotsOnly',
        principals: [new iam.ServicePrincipal('cloudfront.amazonaws.com')],
        actions: ['s3:GetObject'],
        resources: [props.bucket.arnForObjects(`${SNAPSHOTS_PREFIX}*`)],
        conditions: {
          StringEquals: {
            'AWS:SourceArn': `arn:${Aws.PARTITION}:cloudfront::${Aws.ACCOUNT_ID}:distribution/${this.distribution.distributionId}`,
          },
        },
      }),
    );
    this.baseUrl = `https://${custom?.domainName ?? this.distribution.distributionDomainName}`;
    acknowledge(
      this.distribution,
      '@aws-cdk/aws-cloudfront-origins:updateImportedBucketPolicyOac',
      'The bucket is given to the origin as a reference on purpose: its own grant would let CloudFront read every key (bucket/*), results included; the statement above grants snapshots/* only.',
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR1',
      'The snapshots and public pages are for customers and auditors anywhere (GDPR transparency towards data subjects); no country is to be excluded.',
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR2',
      'Public, static, read-only files from a private bucket through a cache: no form, login or dynamic origin for a WAF to protect, and the viewer function answers 404 outside /snapshots/. Attach a web ACL if an organisation requires one.',
    );
    if (!custom)
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR4',
        'Without a custom domain CloudFront serves *.cloudfront.net with its default certificate, whose minimum TLS version cannot be raised. Give snapshotDomainName and snapshotCertificateArn to accept TLS 1.2 (TLSv1.2_2021) only. The files are public and signed: integrity does not rest on TLS.',
      );
  }
}
