/**
 * OpenTelemetry traces (issue 15 §1): a SERVER span per GraphQL request, named for its operation, and a CLIENT span
 * per ERP call beneath it, whose W3C `traceparent` goes to the ERP. Only `@opentelemetry/api` is on the hot path:
 * with no tracer provider registered its spans are no-ops. `startTracing` registers one that exports over OTLP/HTTP
 * when the config (`tracing.otlpUrl`) or `OTEL_EXPORTER_OTLP_ENDPOINT` names a collector.
 */
import { context, INVALID_SPAN_CONTEXT, propagation, ProxyTracerProvider, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

const TRACER = 'erp-graphql-gateway';

export function tracer(): ReturnType<typeof trace.getTracer> {
  return trace.getTracer(TRACER);
}

/**
 * Whether any tracer provider is registered (ours, or one the embedding process set up). Without one, requests and
 * ERP calls skip the span machinery altogether rather than run it as no-ops.
 */
function tracingOn(): boolean {
  const provider = trace.getTracerProvider();
  return !(provider instanceof ProxyTracerProvider) || provider.getDelegateTracer(TRACER) !== undefined;
}

const NO_SPAN = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/** Registers an OTLP/HTTP exporting provider (W3C trace context); null when no collector is configured. */
export function startTracing(options: { otlpUrl?: string | null; serviceName?: string }): { shutdown(): Promise<void> } | null {
  const url = options.otlpUrl ?? null;
  if (!url) return null;
  const provider = new NodeTracerProvider({
    resource: new Resource({ 'service.name': options.serviceName ?? TRACER }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }))],
  });
  provider.register();
  return {
    // Flush, then give the globals back (a gateway embedded in another process leaves no tracer of its own behind).
    shutdown: async () => {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/** Express middleware: the request's SERVER span, active for everything the request does (after body parsing). */
export function traceRequest(
  req: { method: string; originalUrl: string; headers: Record<string, string | string[] | undefined> },
  res: { statusCode: number; on(event: 'finish' | 'close', listener: () => void): unknown },
  next: () => void,
): void {
  if (!tracingOn()) return next();
  // A router's traceparent makes this span part of its trace; never the context of another request.
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const span = tracer().startSpan(`HTTP ${req.method} ${req.originalUrl.split('?')[0]}`, { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method } }, parent);
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  };
  res.on('finish', end);
  res.on('close', end);
  context.with(trace.setSpan(parent, span), next);
}

/** The GraphQL operation names the request's span (the Apollo plugin calls this once the operation is known). */
export function nameOperation(type: string, name: string | null | undefined): void {
  const span = trace.getActiveSpan();
  if (!span) return;
  span.updateName(`graphql ${type} ${name ?? 'anonymous'}`);
  span.setAttribute('graphql.operation.type', type);
  if (name) span.setAttribute('graphql.operation.name', name);
}

export function markOperationFailed(): void {
  trace.getActiveSpan()?.setStatus({ code: SpanStatusCode.ERROR });
}

/** One ERP call as a CLIENT span; `headers` receive the trace context for the ERP. */
export async function traceErpCall<T>(connection: string, api: string, headers: Record<string, string>, work: (span: Span) => Promise<T>): Promise<T> {
  if (!tracingOn()) return work(NO_SPAN);
  return tracer().startActiveSpan(`ERP ${connection} ${api}`, { kind: SpanKind.CLIENT, attributes: { 'erp.connection': connection, 'erp.api': api } }, async (span) => {
    propagation.inject(context.active(), headers);
    try {
      return await work(span);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
      throw error;
    } finally {
      span.end();
    }
  });
}
