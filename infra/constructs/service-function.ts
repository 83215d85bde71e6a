import { join } from 'node:path';
import { RemovalPolicy, type Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { PROJECT_ROOT } from '../project-root.js';

/** The newest Node.js runtime aws-cdk-lib offers; esbuild targets the same version. */
export const RUNTIME = lambda.Runtime.NODEJS_24_X;

/**
 * ESM output cannot `require`, yet bundled CommonJS modules (parts of the AWS SDK) still
 * `require('node:…')` built-ins: without this, "Dynamic require of node:https is not supported".
 */
const REQUIRE_BANNER =
  "import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);";

export interface ServiceFunctionProps {
  /** The handler module, relative to the project root (`functions/handlers/check.ts`). */
  entry: string;
  description: string;
  timeout: Duration;
  memorySize: number;
  environment: Record<string, string>;
  logRetention: logs.RetentionDays;
  /** The one secret this function reads, through the Parameters and Secrets Lambda Extension. */
  secret?: secretsmanager.ISecret;
  /** Ship `policies/` (the rule pack, read at run time by loadRulePack) beside the bundle. */
  withPolicies?: boolean;
}

/**
 * One Lambda function of the service: Node.js 24 on arm64, bundled by the local esbuild (never
 * Docker) as minified ESM with the AWS SDK inside (the versions the tests ran), its own log
 * group, and its own role that starts with nothing but writing to that log group: each caller
 * adds exactly what the function needs.
 */
export class ServiceFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (policy-checker)`,
    });
    // The explicit log group replaces AWSLambdaBasicExecutionRole (logs:* on every group).
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    this.fn = new NodejsFunction(this, 'Function', {
      entry: join(PROJECT_ROOT, props.entry),
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      handler: 'handler',
      description: props.description,
      runtime: RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.INFO,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      ...(props.secret
        ? {
            paramsAndSecrets: lambda.ParamsAndSecretsLayerVersion.fromVersion(
              lambda.ParamsAndSecretsVersions.V1_0_103,
              { cacheEnabled: true, logLevel: lambda.ParamsAndSecretsLogLevel.WARN },
            ),
          }
        : {}),
      bundling: {
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        banner: REQUIRE_BANNER,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        bundleAwsSDK: true,
        forceDockerBundling: false,
        logLevel: LogLevel.WARNING,
        ...(props.withPolicies ? { commandHooks: copyPolicies } : {}),
      },
    });
    if (props.secret) allowSecretRead(this.role, props.secret);
  }
}

/**
 * After esbuild: copy `policies/` (without the examples) and a package.json carrying the
 * version beside `index.mjs`, where loadRulePack's upward search finds them first.
 */
const copyPolicies = {
  beforeBundling: (): string[] => [],
  beforeInstall: (): string[] => [],
  afterBundling: (inputDir: string, outputDir: string): string[] => [
    `node "${join(inputDir, 'infra', 'bundle-policies.mjs')}" "${inputDir}" "${outputDir}"`,
  ],
};

/** `secretsmanager:GetSecretValue` on this one secret, and nothing else of Secrets Manager. */
function allowSecretRead(role: iam.Role, secret: secretsmanager.ISecret): void {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['secretsmanager:GetSecretValue'],
      resources: [secret.secretFullArn ?? `${secret.secretArn}-??????`],
    }),
  );
  secret.encryptionKey?.grantDecrypt(role);
}
