import { Annotations, Match, type Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { pageCspHeader } from '../../infra/constructs/snapshot-site.js';
import { VISIBILITY_PER_TIMEOUT } from '../../infra/constructs/work-queue.js';
import { CHECK_MAX_ATTEMPTS, type PolicyCheckerStack } from '../../infra/policy-checker-stack.js';
import { SettingsError } from '../../infra/settings.js';
import { pageCsp } from '../../functions/snapshot/page/csp.js';
import { GSI1, KEY, TTL_ATTRIBUTE } from '../../functions/store/table.js';
import {
  APP_ID,
  actionsOf,
  allowing,
  environmentOf,
  logicalId,
  roleStatements,
  synthStack,
  type Statement,
} from './synth-stack.js';

let stack: PolicyCheckerStack;
let template: Template;
let json: { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };

beforeAll(() => {
  ({ stack, template } = synthStack());
  json = template.toJSON() as typeof json;
}, 60_000);

const ref = (construct: { node: { defaultChild?: unknown } }) => ({
  Ref: logicalId(construct, stack),
});
const arnOf = (construct: { node: { defaultChild?: unknown } }) => ({
  'Fn::GetAtt': [logicalId(construct, stack), 'Arn'],
});
const functions = () =>
  ({
    webhook: stack.webhook,
    check: stack.check,
    deadLetter: stack.deadLetter,
    publish: stack.publish,
  }) as const;

describe('the functions', () => {
  it('run on Node.js 24 (the newest aws-cdk-lib offers), arm64, JSON logs to their own group', () => {
    template.resourceCountIs('AWS::Lambda::Function', 4);
    template.allResourcesProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      LoggingConfig: Match.objectLike({ LogFormat: 'JSON', LogGroup: Match.anyValue() }),
    });
  });

  it('get exactly the environment their handlers read', () => {
    const keys = (fn: keyof ReturnType<typeof functions>) =>
      Object.keys(environmentOf(template, functions()[fn]))
        .filter((k) => !/^(PARAMETERS_SECRETS_EXTENSION|SECRETS_MANAGER|SSM_PARAMETER)/.test(k))
        .sort();
    expect(keys('webhook')).toEqual(
      ['GITHUB_WEBHOOK_SECRET_ARN', 'JOB_QUEUE_URL', 'NODE_OPTIONS', 'RESULTS_TABLE'].sort(),
    );
    expect(keys('check')).toEqual(
      [
        'GITHUB_API_URL',
        'GITHUB_APP_ID',
        'GITHUB_APP_PRIVATE_KEY_SECRET_ARN',
        'JOB_QUEUE_URL',
        'NODE_OPTIONS',
        'PUBLISH_QUEUE_URL',
        'RESULTS_TABLE',
        'SNAPSHOT_BUCKET',
      ].sort(),
    );
    expect(keys('deadLetter')).toEqual(
      [
        'CHECK_MAX_ATTEMPTS',
        'GITHUB_API_URL',
        'GITHUB_APP_ID',
        'GITHUB_APP_PRIVATE_KEY_SECRET_ARN',
        'NODE_OPTIONS',
        'RESULTS_TABLE',
      ].sort(),
    );
    expect(keys('publish')).toEqual(
      [
        'GITHUB_API_URL',
        'GITHUB_APP_ID',
        'GITHUB_APP_PRIVATE_KEY_SECRET_ARN',
        'NODE_OPTIONS',
        'PUBLIC_BASE_URL',
        'RESULTS_TABLE',
        'SIGNING_KEY',
        'SNAPSHOT_BUCKET',
      ].sort(),
    );
    expect(environmentOf(template, stack.check).GITHUB_APP_ID).toBe(APP_ID);
    expect(environmentOf(template, stack.publish).SIGNING_KEY).toEqual(arnOf(stack.signingKey.key));
  });

  it('read their secret through the Parameters and Secrets extension layer (arm64)', () => {
    for (const { fn } of Object.values(functions())) {
      const layers = json.Resources[logicalId(fn, stack)]!.Properties.Layers as unknown[];
      expect(JSON.stringify(layers)).toMatch(/ParamsandsecretslayerMap.*1x0x103xarm64/);
    }
  });

  it('publish snapshots under PUBLIC_BASE_URL, which with /snapshots is the SnapshotBaseUrl output', () => {
    const base = environmentOf(template, stack.publish).PUBLIC_BASE_URL as {
      'Fn::Join': [string, unknown[]];
    };
    const output = template.toJSON().Outputs.SnapshotBaseUrl.Value as {
      'Fn::Join': [string, unknown[]];
    };
    // The publish function appends `snapshots/<owner>/<repo>/…` (functions/snapshot/snapshot-paths.ts).
    expect(output['Fn::Join'][1]).toEqual([...base['Fn::Join'][1], '/snapshots']);
    expect(base['Fn::Join'][1]).toEqual([
      'https://',
      { 'Fn::GetAtt': [logicalId(stack.site.distribution, stack), 'DomainName'] },
    ]);
  });
});

describe('least privilege', () => {
  const statements = (fn: keyof ReturnType<typeof functions>): Statement[] =>
    roleStatements(template, functions()[fn]);

  it('lets only the publish role sign, in IAM and in the key policy', () => {
    for (const fn of ['webhook', 'check', 'deadLetter'] as const)
      expect(allowing(statements(fn), 'kms:Sign')).toEqual([]);
    expect(allowing(statements('publish'), 'kms:Sign')).toEqual([
      expect.objectContaining({ Resource: arnOf(stack.signingKey.key) }),
    ]);
    const key = template.findResources('AWS::KMS::Key');
    const [policy] = Object.values(key).map(
      (k) => (k.Properties.KeyPolicy as { Statement: Statement[] }).Statement,
    );
    const signers = allowing(policy!, 'kms:Sign');
    expect(signers).toHaveLength(1);
    expect(signers[0]!.Principal).toEqual({ AWS: arnOf(stack.publish.role) });
    expect(policy).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 'kms:Sign',
        Condition: { ArnNotEquals: { 'aws:PrincipalArn': arnOf(stack.publish.role) } },
      }),
    );
    template.hasResourceProperties('AWS::KMS::Key', {
      KeySpec: 'ECC_NIST_P256',
      KeyUsage: 'SIGN_VERIFY',
    });
  });

  it('gives each function GetSecretValue on its own secret only; the webhook cannot read the key', () => {
    const secretsRead = (fn: keyof ReturnType<typeof functions>) =>
      allowing(statements(fn), 'secretsmanager:GetSecretValue').map((s) => s.Resource);
    expect(secretsRead('webhook')).toEqual([ref(stack.secrets.webhookSecret)]);
    for (const fn of ['check', 'deadLetter', 'publish'] as const)
      expect(secretsRead(fn)).toEqual([ref(stack.secrets.privateKey)]);
    expect(actionsOf(statements('webhook')).filter((a) => a.startsWith('secretsmanager:'))).toEqual(
      ['secretsmanager:GetSecretValue'],
    );
  });

  it('grants item actions on the table, no scans, no index and no wildcards', () => {
    const tableArn = arnOf(stack.node.findChild('Results').node.findChild('Table'));
    const dynamo = (fn: keyof ReturnType<typeof functions>) =>
      statements(fn).filter((s) => actionsOf([s]).some((a) => a.startsWith('dynamodb:')));
    for (const fn of ['webhook', 'check', 'deadLetter', 'publish'] as const) {
      for (const s of dynamo(fn)) expect(s.Resource).toEqual(tableArn);
      expect(actionsOf(dynamo(fn)).filter((a) => /\*|Scan|Batch|DeleteTable/.test(a))).toEqual([]);
    }
    expect(actionsOf(dynamo('webhook')).sort()).toContain('dynamodb:DeleteItem');
    expect(actionsOf(dynamo('check'))).not.toContain('dynamodb:DeleteItem');
  });

  it('limits S3 to results/ (check) and results/ read + snapshots/ write (publish)', () => {
    const bucketArn = arnOf(stack.storage.bucket);
    const under = (prefix: string) => ({ 'Fn::Join': ['', [bucketArn, `/${prefix}*`]] });
    const s3 = (fn: keyof ReturnType<typeof functions>) =>
      statements(fn)
        .filter((s) => actionsOf([s]).some((a) => a.startsWith('s3:')))
        .map((s) => ({ actions: actionsOf([s]).sort(), resource: s.Resource }));
    expect(s3('webhook')).toEqual([]);
    expect(s3('deadLetter')).toEqual([]);
    expect(s3('check')).toEqual([
      {
        actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
        resource: under('results/'),
      },
    ]);
    expect(s3('publish')).toEqual([
      { actions: ['s3:GetObject', 's3:GetObjectVersion'], resource: under('results/') },
      { actions: ['s3:PutObject'], resource: under('snapshots/') },
    ]);
  });

  it('lets the webhook send to the check queue and the check send to the publish queue only', () => {
    const sends = (fn: keyof ReturnType<typeof functions>) =>
      allowing(statements(fn), 'sqs:SendMessage').map((s) => s.Resource);
    expect(sends('webhook')).toEqual([arnOf(stack.checkQueue.queue)]);
    expect(sends('check')).toEqual([arnOf(stack.publishQueue.queue)]);
    expect(sends('deadLetter')).toEqual([]);
    expect(sends('publish')).toEqual([]);
    // The check function hands a rate-limited job back to its own queue.
    expect(
      allowing(statements('check'), 'sqs:ChangeMessageVisibility').map((s) => s.Resource),
    ).toEqual([arnOf(stack.checkQueue.queue)]);
  });

  it('uses no AWS managed policy', () => {
    for (const role of Object.values(template.findResources('AWS::IAM::Role')))
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });
});

describe('storage', () => {
  it('keeps results in an on-demand table with PITR, TTL and the keys functions/store uses', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        DeletionProtectionEnabled: true,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
        KeySchema: [
          { AttributeName: KEY.pk, KeyType: 'HASH' },
          { AttributeName: KEY.sk, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          Match.objectLike({
            IndexName: GSI1,
            KeySchema: [
              { AttributeName: KEY.gsi1pk, KeyType: 'HASH' },
              { AttributeName: KEY.gsi1sk, KeyType: 'RANGE' },
            ],
          }),
        ],
      }),
    });
  });

  it('versions, encrypts, logs and locks the snapshot bucket, and denies requests without TLS', () => {
    const bucket = logicalId(stack.storage.bucket, stack);
    expect(json.Resources[bucket]!.Properties).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: { DestinationBucketName: ref(stack.storage.logBucket) },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucket },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('lets CloudFront read snapshots/ and nothing else of the bucket', () => {
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find(
      (p) =>
        (p.Properties.Bucket as { Ref: string }).Ref === logicalId(stack.storage.bucket, stack),
    );
    const reads = (policy!.Properties.PolicyDocument.Statement as Statement[]).filter(
      (s) => s.Effect === 'Allow',
    );
    expect(reads).toEqual([
      expect.objectContaining({
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Resource: { 'Fn::Join': ['', [arnOf(stack.storage.bucket), '/snapshots/*']] },
      }),
    ]);
  });

  it('never lets a lifecycle rule touch snapshots/', () => {
    for (const context of [{}, { resultRetentionDays: 400 }, { resultRetentionDays: 7 }]) {
      const { stack: s, template: t } = synthStack(context);
      const rules = (t.toJSON().Resources[logicalId(s.storage.bucket, s)].Properties
        .LifecycleConfiguration.Rules ?? []) as { Prefix?: string; ExpirationInDays?: number }[];
      expect(rules.length).toBeGreaterThan(0);
      for (const rule of rules) expect(rule.Prefix).toBe('results/');
      const expiry = rules.map((r) => r.ExpirationInDays).filter(Boolean);
      expect(expiry).toEqual('resultRetentionDays' in context ? [context.resultRetentionDays] : []);
    }
  });
});

describe('queues and the endpoint', () => {
  it('matches the check queue to the check function: visibility 6 × timeout, redrive = attempts', () => {
    const timeout = json.Resources[logicalId(stack.check.fn, stack)]!.Properties.Timeout as number;
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: timeout * VISIBILITY_PER_TIMEOUT,
      RedrivePolicy: {
        deadLetterTargetArn: arnOf(stack.checkQueue.deadLetterQueue),
        maxReceiveCount: CHECK_MAX_ATTEMPTS,
      },
      SqsManagedSseEnabled: true,
    });
    expect(environmentOf(template, stack.deadLetter).CHECK_MAX_ATTEMPTS).toBe(
      String(CHECK_MAX_ATTEMPTS),
    );
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: ref(stack.check.fn),
      EventSourceArn: arnOf(stack.checkQueue.queue),
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: ref(stack.deadLetter.fn),
      EventSourceArn: arnOf(stack.checkQueue.deadLetterQueue),
    });
  });

  it('alarms on the depth of both dead-letter queues, to the alarm topic', () => {
    for (const queue of [stack.checkQueue, stack.publishQueue])
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Threshold: 1,
        AlarmActions: [Match.objectLike({ Ref: Match.stringLikeRegexp('^AlarmsTopic') })],
        Metrics: Match.arrayWith([
          Match.objectLike({
            MetricStat: Match.objectLike({
              Metric: Match.objectLike({
                MetricName: 'ApproximateNumberOfMessagesVisible',
                Dimensions: [
                  {
                    Name: 'QueueName',
                    Value: { 'Fn::GetAtt': [logicalId(queue.deadLetterQueue, stack), 'QueueName'] },
                  },
                ],
              }),
            }),
          }),
        ]),
      });
  });

  it('serves POST /webhook on a throttled, access-logged HTTP API stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'POST /webhook' });
    template.resourceCountIs('AWS::ApiGatewayV2::Route', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
    expect(template.toJSON().Outputs.WebhookUrl.Value).toEqual({
      'Fn::Join': [
        '',
        [{ 'Fn::GetAtt': [logicalId(stack.endpoint.api, stack), 'ApiEndpoint'] }, '/webhook'],
      ],
    });
  });
});

describe('the CDN', () => {
  it('reads the bucket through origin access control and sends the page CSP as a header', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Origins: [Match.objectLike({ OriginAccessControlId: Match.anyValue() })],
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
        Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
      }),
    });
    // The same policy the page states in its <meta>, plus frame-ancestors (header only).
    expect(pageCspHeader()).toBe(pageCsp(null, true));
    expect(pageCspHeader('https://cdn.example.com')).toBe(
      pageCsp(
        { logoUrl: 'https://cdn.example.com/logo.svg' } as Parameters<typeof pageCsp>[0],
        true,
      ),
    );
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: { ContentSecurityPolicy: pageCsp(null, true), Override: true },
          StrictTransportSecurity: Match.objectLike({ Override: true }),
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
        }),
      }),
    });
  });

  it('serves /snapshots/ only, a folder as its index.html, a repository folder with its slash', () => {
    const [fn] = Object.values(template.findResources('AWS::CloudFront::Function'));
    const code = fn!.Properties.FunctionCode as string;
    const handler = new Function(`${code}; return handler;`)() as (event: unknown) => {
      uri?: string;
      statusCode?: number;
      headers?: { location: { value: string } };
    };
    const view = (uri: string) => handler({ request: { uri } });
    expect(view('/snapshots/acme/site/3.json')).toEqual({ uri: '/snapshots/acme/site/3.json' });
    expect(view('/snapshots/acme/site/')).toEqual({ uri: '/snapshots/acme/site/index.html' });
    expect(view('/snapshots/acme/x.github.io')).toMatchObject({
      statusCode: 301,
      headers: { location: { value: '/snapshots/acme/x.github.io/' } },
    });
    for (const uri of ['/results/acme/site/abc.json.gz', '/', '/index.html', '/snapshotsx/a'])
      expect(view(uri)).toMatchObject({ statusCode: 404 });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({
          FunctionAssociations: [
            Match.objectLike({ EventType: 'viewer-request', FunctionARN: Match.anyValue() }),
          ],
        }),
      }),
    });
  });

  it('serves TLS 1.2+ only on a custom domain, which then is the public base URL', () => {
    const { stack: s, template: t } = synthStack({
      snapshotDomainName: 'trust.example.com',
      snapshotCertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/abc',
    });
    t.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['trust.example.com'],
        ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021' }),
      }),
    });
    expect(environmentOf(t, s.publish).PUBLIC_BASE_URL).toBe('https://trust.example.com');
  });
});

describe('settings', () => {
  it('with trust-check, the publish function cannot read the private key', () => {
    const { stack: s, template: t } = synthStack({ defaultBranchPublish: 'trust-check' });
    const env = environmentOf(t, s.publish);
    expect(env.GITHUB_APP_ID).toBeUndefined();
    expect(env.GITHUB_APP_PRIVATE_KEY_SECRET_ARN).toBeUndefined();
    expect(allowing(roleStatements(t, s.publish), 'secretsmanager:GetSecretValue')).toEqual([]);
  });

  it('asks for the App id as a parameter when the context does not give it', () => {
    const { stack: s, template: t } = synthStack({ githubAppId: undefined });
    t.hasParameter('GitHubAppId', { Type: 'String', AllowedPattern: '^[0-9]+$' });
    expect(environmentOf(t, s.check).GITHUB_APP_ID).toEqual({ Ref: 'GitHubAppId' });
  });

  it('uses existing secrets by their complete ARN', () => {
    const arn = (name: string) =>
      `arn:aws:secretsmanager:eu-west-1:111111111111:secret:${name}-AbC123`;
    const { template: t } = synthStack({
      webhookSecretArn: arn('hook'),
      privateKeySecretArn: arn('key'),
    });
    t.resourceCountIs('AWS::SecretsManager::Secret', 0);
  });

  it.each([
    [{ githubAppId: 'abc' }, /githubAppId/],
    [{ defaultBranchPublish: 'always' }, /defaultBranchPublish/],
    [{ logRetentionDays: 42 }, /logRetentionDays/],
    [{ webhookSecretArn: 'my-secret' }, /complete secret ARN/],
    [{ snapshotDomainName: 'trust.example.com' }, /go together/],
  ])('refuses %o, naming the context key', (context, message) => {
    expect(() => synthStack(context)).toThrow(SettingsError);
    expect(() => synthStack(context)).toThrow(message);
  });
});

describe('cdk-nag', () => {
  it('leaves no AwsSolutions finding unacknowledged, and no CDK warning', () => {
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(
      report.violations.map(
        (v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
      ),
    ).toEqual([]);
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
    Annotations.fromStack(stack).hasNoError('*', Match.anyValue());
  });

  it('gives a reason for every acknowledgement', () => {
    const acknowledged: { path: string; id: string; reason: string }[] = [];
    for (const construct of stack.node.findAll())
      for (const entry of construct.node.metadata)
        if (entry.type === 'aws:cdk:acknowledged-rules')
          for (const [id, reason] of Object.entries(entry.data as Record<string, string>))
            // aws-cdk-lib acknowledges its own template checks (with its own reasons).
            if (!id.startsWith('CloudFormation-Validate::'))
              acknowledged.push({ path: construct.node.path, id, reason });
    expect(acknowledged.map((a) => a.id.replace(/^annotation::/i, '')).sort()).toEqual(
      [
        '@aws-cdk/aws-cloudfront-origins:updateImportedBucketPolicyOac',
        'AwsSolutions-APIG4',
        'AwsSolutions-CFR1',
        'AwsSolutions-CFR2',
        'AwsSolutions-CFR4',
        `AwsSolutions-IAM5[Resource::<${logicalId(stack.storage.bucket, stack)}.Arn>/results/*]`,
        `AwsSolutions-IAM5[Resource::<${logicalId(stack.storage.bucket, stack)}.Arn>/results/*]`,
        `AwsSolutions-IAM5[Resource::<${logicalId(stack.storage.bucket, stack)}.Arn>/snapshots/*]`,
        'AwsSolutions-SMG4',
        'AwsSolutions-SMG4',
      ].sort(),
    );
    for (const a of acknowledged) expect(a.reason.length, a.id).toBeGreaterThan(60);
  });
});
