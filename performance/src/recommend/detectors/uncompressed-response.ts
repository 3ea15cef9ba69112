import type { Detector, Finding } from '../recommendation.js';
import { affectedPerMinute, exampleTraceIds, impact, mean, round, sampledByRoute } from './impact.js';
import { A, header, num } from './span-attributes.js';
import { groupBy, requestsOf } from './trace-model.js';

/**
 * Uncompressed responses: the service's responses of ≥ minBytes (`http.response.body.size`) sent without
 * `content-encoding` (or `identity`) to a client whose `accept-encoding` named gzip or br. Saving per request =
 * the bytes compression would remove (1 − assumedCompressionRatio; JSON typically compresses to a quarter or less)
 * at clientBytesPerMs (1,250 bytes/ms = 10 Mbit/s, a mobile-ish link).
 */
export type UncompressedResponseThresholds = {
  minBytes: number;
  minAffectedRequests: number;
  assumedCompressionRatio: number;
  clientBytesPerMs: number;
};

const accepts = (value: string | null) => value !== null && /\b(gzip|br)\b/.test(value);
const uncompressed = (value: string | null) => value === null || value.trim() === 'identity';

export const uncompressedResponse: Detector<UncompressedResponseThresholds> = {
  kind: 'uncompressed-response',
  defaults: { minBytes: 1_024, minAffectedRequests: 1, assumedCompressionRatio: 0.25, clientBytesPerMs: 1_250 },
  detect(input, t) {
    const requests = requestsOf(input);
    const sampled = sampledByRoute(requests);
    const affected = requests
      .map((request) => ({
        request,
        bytes: num(request.root, A.responseBodySize) ?? 0,
        accept: header(request.root, A.acceptEncoding),
        encoding: header(request.root, A.contentEncoding),
      }))
      .filter((r) => r.bytes >= t.minBytes && accepts(r.accept) && uncompressed(r.encoding));
    const findings: Finding[] = [];
    for (const [route, items] of groupBy(affected, (r) => r.request.route)) {
      if (items.length < t.minAffectedRequests) continue;
      const meanBytes = mean(items.map((i) => i.bytes));
      const savedBytes = meanBytes * (1 - t.assumedCompressionRatio);
      const of = sampled.get(route) ?? items.length;
      findings.push({
        kind: 'uncompressed-response',
        service: input.service,
        route,
        key: route,
        title: `${route} sends ~${round(meanBytes / 1_024, 1)} KB uncompressed to clients that accept gzip/br`,
        evidence: {
          exampleTraceIds: exampleTraceIds([...items].sort((a, b) => b.bytes - a.bytes).map((i) => i.request.traceId)),
          affectedRequests: items.length,
          sampledRequestsOfRoute: of,
          meanResponseBytes: Math.round(meanBytes),
          estimatedCompressedBytes: Math.round(meanBytes * t.assumedCompressionRatio),
          acceptEncoding: [...new Set(items.map((i) => i.accept))].slice(0, 3),
        },
        impact: impact(savedBytes / t.clientBytesPerMs, affectedPerMinute(input, route, items.length, of)),
        fix: {
          text:
            'Compress responses of 1 KB and more for clients that accept it (Express: the compression middleware, ' +
            'before the routes), or let the reverse proxy do it. Brotli/gzip at a low level costs little CPU for JSON.',
          language: 'typescript',
          code: `import compression from 'compression';\n\n// Before the routes; responses under 1 KB are not worth compressing.\napp.use(compression({ threshold: ${t.minBytes} }));`,
        },
      });
    }
    return findings;
  },
};
