/**
 * The statistics of the analysis core: pure functions, numbers in and out, no I/O. See
 * /work/shared/science.md for what each piece is for.
 */
export { Rng } from './rng';
export { DiscreteTable, binomialTable, poissonTable } from './discreteTable';
export { logGamma, regIncGammaP, regIncGammaQ } from './gamma';
export {
  Z95,
  clopperPearson,
  meanInterval,
  normalCdf,
  normalQuantile,
  normalSf,
  regIncBeta,
  regIncBetaInv,
  tQuantile,
  wilson,
} from './intervals';
export {
  SpacedScorer,
  emergenceScore,
  emergenceScoreSpaced,
  largestStep,
  spacedSteps,
} from './emergence';
export { RSS_REL, SIGMA_MIN } from './fitData';
export {
  bic,
  compareSmoothBreak,
  fitHinge,
  fitLinear,
  fitSigmoid,
  type Fit,
  type SmoothBreak,
} from './fits';
export { accuracyFromPTok, fitPL, pTokFromAccuracy, type PLFit } from './schaeffer';
export {
  binomLogPmf,
  binomialGofTest,
  chi2Sf,
  itemsForHalfWidth,
  itemsNeededForOneSuccess,
  mcnemar,
  type GofResult,
  type McNemarResult,
} from './binomial';
export { benjaminiHochberg } from './fdr';
export {
  bootstrapEmergenceScore,
  percentile,
  type BootstrapModel,
  type BootstrapOptions,
  type BootstrapResult,
  type SamplerMethod,
} from './bootstrap';
export { makeMeanSampler, type MeanSampler } from './meanSampler';
