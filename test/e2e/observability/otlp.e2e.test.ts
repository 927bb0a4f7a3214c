/**
 * Traces leave the gateway over OTLP/HTTP when a collector is configured (issue 15 §1): a stand-in collector
 * receives the operation's span and its ERP call's span, flushed when the gateway stops. Budget: < 5 s.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseConfig } from '../../../src/config';
import { TestGateway } from '../../support/gateway';

describe('OTLP export', () => {
  it('reads tracing.otlpUrl, or OTEL_EXPORTER_OTLP_ENDPOINT, and refuses a URL that is not one', () => {
    const t100 = { erp: 't100', baseUrl: 'http://erp.example/wtopprd', enterprise: '99', site: 'DSCTC', user: 'x' };
    expect(parseConfig({ connections: { t100 } }, {}).tracing).toEqual({ otlpUrl: null, serviceName: 'erp-graphql-gateway' });
    expect(parseConfig({ connections: { t100 } }, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracing.otlpUrl).toBe('http://collector:4318/v1/traces');
    expect(parseConfig({ connections: { t100 }, tracing: { otlpUrl: 'http://c:4318/v1/traces', serviceName: 'plant-1' } }, {}).tracing).toEqual({ otlpUrl: 'http://c:4318/v1/traces', serviceName: 'plant-1' });
    expect(() => parseConfig({ connections: { t100 }, tracing: { otlpUrl: 'collector' } }, {})).toThrow(/tracing\.otlpUrl/);
    // The OpenTelemetry variables: the traces endpoint wins, OTEL_SDK_DISABLED and `otlpUrl: null` turn it off, and a
    // gRPC-style endpoint is refused naming the variable.
    expect(parseConfig({ connections: { t100 } }, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://t:4318/x', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://b:4318' }).tracing.otlpUrl).toBe('http://t:4318/x');
    expect(parseConfig({ connections: { t100 } }, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://b:4318', OTEL_SDK_DISABLED: 'true' }).tracing.otlpUrl).toBeNull();
    expect(parseConfig({ connections: { t100 }, tracing: { otlpUrl: null } }, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://b:4318' }).tracing.otlpUrl).toBeNull();
    expect(() => parseConfig({ connections: { t100 } }, { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4317' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });

  it('sends the spans of a request to the collector', async () => {
    const bodies: string[] = [];
    const collector = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        bodies.push(`${req.url} ${body}`);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const otlpUrl = `http://127.0.0.1:${(collector.address() as AddressInfo).port}/v1/traces`;
    // The embedded gateway takes its config from startEmbedded; the collector is named through the environment.
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = otlpUrl.replace(/\/v1\/traces$/, '');
    const gateway = await TestGateway.start();
    try {
      const docNo = await gateway.sampleDocNo('t100', 'StockIn', 'POSTED');
      await gateway.query(`query Exported { stockIn(docNo: "${docNo}") { docNo } }`);
    } finally {
      await gateway.stop();
      delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
      await new Promise<void>((resolve) => collector.close(() => resolve()));
    }
    const sent = bodies.join('\n');
    expect(sent).toContain('/v1/traces');
    expect(sent).toContain('graphql query Exported');
    expect(sent).toMatch(/ERP t100 t100\.oapi\.wo\.stockin\.details\.data\.read\.get/);
  });
});
