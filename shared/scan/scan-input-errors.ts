/**
 * Every error code the scan input layer (decoders in shared/scan, device sources in electron/main/hardware)
 * can report. The UI translates by code and its translation test walks this list, so a new code is added
 * here first. Codes are prefixed by the stage that raises them so a support log reads without a lookup.
 */
export const SCAN_INPUT_ERROR_CODES = [
  // Badge UIDs typed by keyboard-wedge readers or sent as serial lines
  'badge-empty',
  'badge-invalid-characters',
  'badge-odd-hex-length',
  'badge-uid-length',
  'badge-decimal-out-of-range',
  'badge-wiegand-out-of-range',
  // EM4100 125 kHz serial modules
  'em4100-malformed-frame',
  'em4100-checksum-mismatch',
  // Serial line framing
  'frame-too-long',
  'frame-incomplete',
  // USB HID POS scanners
  'hid-pos-report-too-short',
  'hid-pos-bad-length',
  'hid-pos-scan-too-long',
  // USB HID keyboard-boot reports
  'hid-keyboard-report-too-short',
  'hid-keyboard-rollover',
  'hid-keyboard-unmapped-key',
  'hid-keyboard-scan-too-long',
  // Device sources (status detail for the admin screen)
  'serial-port-not-found',
  'serial-open-failed',
  'serial-disconnected',
  'hid-enumeration-failed',
  'hid-device-not-found',
  'hid-open-failed',
  'hid-disconnected',
] as const;

export type ScanInputErrorCode = (typeof SCAN_INPUT_ERROR_CODES)[number];
