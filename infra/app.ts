#!/usr/bin/env node
/** The CDK app's entry (cdk.json's "app"); the CLI synthesizes it when the process ends. */
import { buildApp } from './build-app.js';

buildApp();
