import type { ScanInputErrorCode } from './scan-input-errors';

/**
 * Decodes scanned-data input reports of USB HID POS barcode scanners (usage page 0x8C, scanning research
 * §2.1). Vendors lay the report out differently, so offsets come from a per-vendor layout. Offsets count
 * the report ID as byte 0, as node-hid/hidapi deliver it (WebHID strips it; subtract one there).
 */

export interface HidPosReportLayout {
  /** Reports with another ID (trigger, status, ...) are not scan data and are ignored. */
  readonly reportId: number;
  readonly lengthOffset: number;
  /** Start of the three AIM identifier bytes (`]C1`), or null when the vendor puts none in the report. */
  readonly aimOffset: number | null;
  readonly dataOffset: number;
  readonly maxDataLength: number;
  /** Byte that is non-zero while more reports of the same scan follow; null when a scan is one report. */
  readonly continuationOffset: number | null;
}

export const HID_POS_LAYOUTS = {
  /** Honeywell (VID 0x0C2E), 64-byte report 0x02; the same layout as the POS usage table's Scanned Data Report. */
  honeywell: {
    reportId: 0x02,
    lengthOffset: 1,
    aimOffset: 2,
    dataOffset: 5,
    maxDataLength: 56,
    continuationOffset: 63,
  },
  /** Newland FM430: data right after the length, proprietary symbology byte only, no continuation flag known. */
  newland: {
    reportId: 0x02,
    lengthOffset: 1,
    aimOffset: null,
    dataOffset: 2,
    maxDataLength: 56,
    continuationOffset: null,
  },
} as const satisfies Record<string, HidPosReportLayout>;

export type HidPosErrorCode = Extract<
  ScanInputErrorCode,
  'hid-pos-report-too-short' | 'hid-pos-bad-length' | 'hid-pos-scan-too-long'
>;

export type HidPosReport =
  | { readonly kind: 'ignored' }
  | { readonly kind: 'error'; readonly code: HidPosErrorCode }
  | { readonly kind: 'part'; readonly data: Uint8Array; readonly symbology?: string; readonly hasMore: boolean };

const AIM_FLAG = 0x5d; // ']'

function readAim(report: Uint8Array, offset: number): string | undefined {
  const bytes = report.subarray(offset, offset + 3);
  const isAim = bytes.length === 3 && bytes[0] === AIM_FLAG && bytes.every((b) => b >= 0x21 && b <= 0x7e);
  return isAim ? String.fromCharCode(...bytes) : undefined;
}

/**
 * Symbol/Zebra and Datalogic put AIM and data one byte later than Honeywell (research §2.1), so when `]`
 * is not at the AIM offset but right after it, the whole AIM+data block is read one byte later.
 */
function blockShift(report: Uint8Array, layout: HidPosReportLayout): number {
  if (layout.aimOffset === null || report[layout.aimOffset] === AIM_FLAG) return 0;
  return report[layout.aimOffset + 1] === AIM_FLAG ? 1 : 0;
}

export function decodeHidPosReport(report: Uint8Array, layout: HidPosReportLayout): HidPosReport {
  if (report.length === 0 || report[0] !== layout.reportId) return { kind: 'ignored' };
  const length = report[layout.lengthOffset];
  if (length === undefined) return { kind: 'error', code: 'hid-pos-report-too-short' };
  if (length > layout.maxDataLength) return { kind: 'error', code: 'hid-pos-bad-length' };

  const shift = blockShift(report, layout);
  const dataStart = layout.dataOffset + shift;
  if (report.length < dataStart + length) return { kind: 'error', code: 'hid-pos-report-too-short' };
  const flag = layout.continuationOffset === null ? 0 : report[layout.continuationOffset];
  if (flag === undefined) return { kind: 'error', code: 'hid-pos-report-too-short' };

  const data = report.slice(dataStart, dataStart + length);
  const symbology = layout.aimOffset === null ? undefined : readAim(report, layout.aimOffset + shift);
  const hasMore = flag !== 0;
  return symbology === undefined ? { kind: 'part', data, hasMore } : { kind: 'part', data, symbology, hasMore };
}

export type HidPosEvent =
  | { readonly kind: 'scan'; readonly data: Uint8Array; readonly symbology?: string }
  | { readonly kind: 'error'; readonly code: HidPosErrorCode };

const DEFAULT_MAX_HID_SCAN_LENGTH = 8192;

/** Concatenates the reports of one scan until the continuation flag clears (node-hid #255). */
export class HidPosScanAssembler {
  readonly #layout: HidPosReportLayout;
  readonly #maxScanLength: number;
  #parts: Uint8Array[] = [];
  #length = 0;
  #symbology: string | undefined;
  #isSkipping = false;

  constructor(layout: HidPosReportLayout = HID_POS_LAYOUTS.honeywell, maxScanLength = DEFAULT_MAX_HID_SCAN_LENGTH) {
    this.#layout = layout;
    this.#maxScanLength = maxScanLength;
  }

  push(report: Uint8Array): HidPosEvent[] {
    const decoded = decodeHidPosReport(report, this.#layout);
    if (decoded.kind === 'ignored') return [];
    if (decoded.kind === 'error') {
      // The scan in progress has a hole now; delivering the rest would be a wrong barcode.
      this.reset();
      return [decoded];
    }
    const events = this.#collect(decoded.data, decoded.symbology);
    if (!decoded.hasMore) events.push(...this.#finish());
    return events;
  }

  /** Drops a half-received scan, e.g. after the device was unplugged. */
  reset(): void {
    this.#parts = [];
    this.#length = 0;
    this.#symbology = undefined;
    this.#isSkipping = false;
  }

  #collect(data: Uint8Array, symbology: string | undefined): HidPosEvent[] {
    if (this.#isSkipping) return [];
    if (this.#length + data.length > this.#maxScanLength) {
      this.reset();
      this.#isSkipping = true;
      return [{ kind: 'error', code: 'hid-pos-scan-too-long' }];
    }
    if (this.#parts.length === 0) this.#symbology = symbology;
    this.#parts.push(data);
    this.#length += data.length;
    return [];
  }

  #finish(): HidPosEvent[] {
    const wasSkipping = this.#isSkipping;
    const data = this.#joined();
    const symbology = this.#symbology;
    this.reset();
    if (wasSkipping || data.length === 0) return [];
    return symbology === undefined ? [{ kind: 'scan', data }] : [{ kind: 'scan', data, symbology }];
  }

  /** The scan's bytes without a trailing CR/LF: the length byte already frames it, so a suffix is leftover config. */
  #joined(): Uint8Array {
    const data = new Uint8Array(this.#length);
    let offset = 0;
    for (const part of this.#parts) {
      data.set(part, offset);
      offset += part.length;
    }
    let end = data.length;
    while (end > 0 && (data[end - 1] === 0x0d || data[end - 1] === 0x0a)) end--;
    return data.subarray(0, end);
  }
}
