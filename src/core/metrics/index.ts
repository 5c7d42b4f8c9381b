/** Re-scoring of saved eval outputs (no model needed): text, multiple-choice and log-prob metrics. */
export * from './editDistance';
export * from './intBuffer';
export * from './metricInfo';
export * from './multipleChoice';
export * from './normalize';
export * from './textScores';
export * from './tokenize';
export * from './tokenLogProbs';
