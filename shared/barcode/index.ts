/** Barcode and RFID scan parsing: GS1 (element strings, bracketed, Digital Link, AIM), EPC, classification. */
export {
  parseGs1,
  serializeGs1ElementString,
  formatGs1HumanReadable,
  checkGs1Associations,
  MAX_GS1_SCAN_LENGTH,
  type Gs1Data,
  type Gs1Elements,
  type Gs1ParseResult,
  type ParseGs1Options,
  type PlainScan,
} from './gs1';
export { decodeEpc, type EpcData, type EpcDecodeResult, type EpcScheme } from './epc';
export {
  classifyScan,
  SCAN_COMMANDS,
  MAX_SCAN_LENGTH,
  MAX_PATTERN_INPUT_LENGTH,
  type ClassifyScanOptions,
  type MaterialScan,
  type ScanClassification,
  type ScanCommand,
  type ScanInput,
  type ScanPatterns,
} from './classify';
export { closestScanKind, type ClosestScanKind } from './closest-kind';
export { findScanPatternProblems } from './classify/scan-patterns';
export { SCAN_ERROR_CODES, type ScanErrorCode, type ScanFailure } from './scan-errors';
