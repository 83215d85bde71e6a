import { RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge } from '../acknowledge.js';

export const WEBHOOK_PATH = '/webhook';

export interface WebhookEndpointProps {
  handler: lambda.IFunction;
  rateLimit: number;
  burstLimit: number;
  logRetention: logs.RetentionDays;
}

/**
 * GitHub's way in: an HTTP API (payload format 2.0, what functions/handlers/webhook.ts reads)
 * with one route, `POST /webhook`, a throttled `$default` stage and JSON access logs. An HTTP
 * API rather than a function URL: a function URL cannot be throttled or access-logged.
 * Anything else answers 404 without invoking the function.
 */
export class WebhookEndpoint extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly route: apigw.HttpRoute;
  readonly url: string;

  constructor(scope: Construct, id: string, props: WebhookEndpointProps) {
    super(scope, id);
    this.api = new apigw.HttpApi(this, 'Api', {
      description: 'policy-checker: GitHub App webhook deliveries',
      createDefaultStage: false,
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new apigw.HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            time: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            integrationStatus: '$context.integrationStatus',
            integrationError: '$context.integrationErrorMessage',
            latencyMs: '$context.responseLatency',
            userAgent: '$context.identity.userAgent',
          }),
        ),
      },
    });
    this.route = new apigw.HttpRoute(this, 'Route', {
      httpApi: this.api,
      routeKey: apigw.HttpRouteKey.with(WEBHOOK_PATH, apigw.HttpMethod.POST),
      integration: new HttpLambdaIntegration('Webhook', props.handler),
    });
    acknowledge(
      this.route,
      'AwsSolutions-APIG4',
      'GitHub webhook deliveries cannot carry IAM, JWT or authorizer credentials. Each delivery is authenticated by its HMAC-SHA256 signature (X-Hub-Signature-256, the webhook secret), checked by the function before anything else; a bad one gets 401, and the stage throttles all traffic.',
    );
    this.url = `${this.api.apiEndpoint}${WEBHOOK_PATH}`;
  }
}
