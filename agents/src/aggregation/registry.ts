import type { AggregationKind } from './aggregator.js';
import { gaugeAggregator } from './gauge-aggregator.js';
import { histogramAggregator } from './histogram-aggregator.js';
import { sumAggregator } from './sum-aggregator.js';

/** Aggregators by kind, so callers look one up (`aggregators[point.kind]`) instead of switching on the kind. */
export const aggregators = {
  histogram: histogramAggregator,
  sum: sumAggregator,
  gauge: gaugeAggregator,
} as const satisfies Record<AggregationKind, { readonly kind: AggregationKind }>;

export type Aggregators = typeof aggregators;
