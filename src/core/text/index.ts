// Text analysis for keyword search: one import point for the index, search and highlighting.
export { analyze, analyzeQuery, analyzeTerms, DEFAULT_ANALYSIS } from './analyzer';
export type { AnalysisSettings, AnalyzedQuery, AnalyzedTerm } from './analyzer';
export { highlightSpans, mergeSpans } from './highlight';
export type { Span } from './highlight';
export { foldText } from './fold';
export { stemPorter2 } from './porter2';
export { tokenize } from './tokenize';
export type { Token } from './tokenize';
