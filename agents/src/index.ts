export type { AgentLogger, AgentOptions, InstrumentModules, TracingOptions } from './agent/agent-options.js';
export type { AgentStats } from './agent/agent-stats.js';
export { type Clock, systemClock } from './agent/clock.js';
export { StrideConfigError } from './agent/config-error.js';
export { type Agent, startAgent } from './agent/start-agent.js';
export type { AggregationKind, Aggregator } from './aggregation/aggregator.js';
export { type GaugeAccumulator, type GaugeResult, gaugeAggregator } from './aggregation/gauge-aggregator.js';
export { createHistogramAggregator, histogramAggregator } from './aggregation/histogram-aggregator.js';
export { type Aggregators, aggregators } from './aggregation/registry.js';
export {
  createSumAggregator,
  type SumAccumulator,
  type SumAggregatorOptions,
  type SumResult,
  sumAggregator,
} from './aggregation/sum-aggregator.js';
export { CumulativeResetError, HistogramDecodeError, HistogramResetError } from './histogram/errors.js';
export type {
  ExponentialHistogramData,
  ExponentialHistogramOptions,
  HistogramBuckets,
} from './histogram/exponential-histogram.js';
export { ExponentialHistogram } from './histogram/exponential-histogram.js';
export type { ExpressMiddleware } from './http-server/express-middleware.js';
export {
  decodeMetricsRequest,
  decodeMetricsResponse,
  decodeTracesRequest,
  decodeTracesResponse,
  encodeMetricsRequest,
  encodeMetricsResponse,
  encodeTracesRequest,
  encodeTracesResponse,
  OtlpDecodeError,
  type OtlpEncoding,
} from './otlp/codec.js';
export { createHttpTransport, type HttpTransportOptions } from './otlp/http-transport.js';
export type { Transport, TransportRequest, TransportResponse } from './otlp/transport.js';
export * from './otlp/types.js';
