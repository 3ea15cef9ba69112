export { ExponentialHistogram } from './histogram/exponential-histogram.js';
export type {
  ExponentialHistogramData,
  ExponentialHistogramOptions,
  HistogramBuckets,
} from './histogram/exponential-histogram.js';
export {
  decodeMetricsRequest,
  decodeMetricsResponse,
  encodeMetricsRequest,
  encodeMetricsResponse,
  OtlpDecodeError,
  type OtlpEncoding,
} from './otlp/codec.js';
export * from './otlp/types.js';
